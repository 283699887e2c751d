/*
 * demo_live.h - the living demo: with the demo_live setting, `fengqiao
 * serve` plays a working day on the demo street while it runs, through the
 * real services and nothing else. Every demo_live seconds one step: a
 * resident raises a new request like one raised before (its category,
 * texts and place, as the same resident: reqsvc_plan_create and
 * reqsvc_create), and the newest open requests move on, one of each
 * state: a dispatched one is accepted by its handler, an accepted one
 * resolved, a resolved one rated by its reporter (reqsvc_apply). The
 * sweeper of the server keeps the timers as ever. Off by default; the
 * thread stops with the server. docs/demo-history.md.
 */
#ifndef FQ_DEMO_DEMO_LIVE_H
#define FQ_DEMO_DEMO_LIVE_H

#include <stdint.h>

#include "core/status.h"
#include "domain/requests.h"
#include "domain/svc.h"

/* Past requests a new one is modelled on: the oldest closed ones. */
#define DEMO_LIVE_TEMPLATES 256
/* Templates tried per step before giving up (only self-reported ones with
 * their reporter's account serve). */
#define DEMO_LIVE_TRIES 16
/* Each move is made on one of the newest requests in its state, this many. */
#define DEMO_LIVE_PICK 8

/* What one step did. */
typedef struct demo_live_report {
	int raised;    /* new requests: 0 or 1 */
	int moved;     /* actions made */
	int refused;   /* raisings or actions the services refused */
} demo_live_report;

/* One step at now in db (a write job of its own, waited for), with random
 * draws from *seed (advanced). A refusal of the services is counted in
 * rep, not an error; FQ_ESTORE and the like when the store fails. */
fq_status demo_live_step(store *db, uint64_t *seed, int64_t now, reqsvc_shape_fn parse_boundary,
			 demo_live_report *rep, fq_err *err);

typedef struct demo_live demo_live;

/* Start the thread that steps every interval_s seconds (> 0). On failure
 * nothing is left running and err says why. */
fq_status demo_live_start(store *db, int interval_s, reqsvc_shape_fn parse_boundary,
			  demo_live **out, fq_err *err);

/* Stop the thread (a step under way finishes first) and free it. NULL-safe. */
void demo_live_stop(demo_live *l);

#endif
