/*
 * demo_disputes.h - the demo street's dispute cases (矛盾纠纷) for `fengqiao
 * demo`: DEMO_DISPUTES cases over the DEMO_DISPUTE_DAYS before the end
 * day, between households of the street, each played through the real
 * disputes service (domain/dispute_svc.h) at its own simulated moments, in
 * one write job (svc_write), so timelines, agreements, signatures,
 * judicial windows and counters are what the live system would have
 * written. Deterministic for a seed.
 */
#ifndef FQ_DEMO_DEMO_DISPUTES_H
#define FQ_DEMO_DEMO_DISPUTES_H

#include <stdint.h>

#include "demo/demo_requests.h"
#include "domain/calendar.h"

/* Cases built, and the days before the end day they are spread over. */
#define DEMO_DISPUTES 96
#define DEMO_DISPUTE_DAYS 180
/* The account that mediates them (the demo plan's street mediator). */
#define DEMO_DISPUTE_MEDIATOR "mediator1"

/* Build the cases of street s in db (blocking, one write transaction),
 * ending on the day `until`. Returns 0, or -1 with the reason on stderr. */
int demo_disputes_run(store *db, const demo_street_rows *s, uint64_t seed, cal_date until);

#endif
