/*
 * demo_talents.h - the demo street's talent pools (群英库) for `fengqiao
 * demo`: one pool per community and village, each with
 * DEMO_TALENT_MEMBERS_MIN..MAX members drawn (seeded) from the adults who
 * live there, with a plausible profile (a retired teacher teaches, a
 * lawyer knows the law ...), their skills and roles, a mix of
 * self-nominations, recommendations and elections, mostly approved and
 * one pending per pool; the first DEMO_TALENT_ACCOUNTS_PER_POOL approved
 * members of each pool get an account talent_<n> (role talent on their
 * community, the demo password); a declared relation per pool; and, when
 * the request history has closed requests, a few past tasks on them,
 * done and rated.
 */
#ifndef FQ_DEMO_DEMO_TALENTS_H
#define FQ_DEMO_DEMO_TALENTS_H

#include <stdint.h>

#include "demo/demo_requests.h"

#define DEMO_TALENT_MEMBERS_MIN 8
#define DEMO_TALENT_MEMBERS_MAX 14
#define DEMO_TALENT_ACCOUNTS_PER_POOL 2
/* Past tasks per pool at most (on closed requests of its community). */
#define DEMO_TALENT_PAST_TASKS 6

/* Build the pools of street s in db in one write job through the talent
 * service (blocking) and print the talent accounts. Returns 0, or -1 with the reason on
 * stderr. */
int demo_talents_run(store *db, const demo_street_rows *s, uint64_t seed);

#endif
