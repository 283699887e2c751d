/*
 * council_sweep.h - the councils' part of the sweeper: flag follow-up
 * tasks whose deadline (or supervision card's deadline) has passed, once,
 * with an "overdue" entry on their timelines.
 */
#ifndef FQ_DOMAIN_COUNCIL_SWEEP_H
#define FQ_DOMAIN_COUNCIL_SWEEP_H

#include <stdint.h>

#include "store/store.h"

/* Flag the tasks overdue at now (unix s) in one write transaction; logs
 * what it flagged and any failure itself. */
void council_sweep(store *db, int64_t now);

#endif
