/*
 * roles.h - the roles of DESIGN.md section 4, for the domain and the
 * layers above it. They are plain values the store keeps too, so they live
 * in model/roles.h, below the store.
 */
#ifndef FQ_DOMAIN_ROLES_H
#define FQ_DOMAIN_ROLES_H

#include "model/roles.h"

#endif
