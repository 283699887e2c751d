/*
 * council_sweep.c - flagging overdue council tasks from the sweeper
 * (council_sweep.h).
 */
#include "domain/council_sweep.h"

#include "core/log.h"
#include "store/store_council.h"

typedef struct sweep_arg {
	int64_t now;
	int flagged;
} sweep_arg;

static fq_status sweep_tx(store_conn *c, void *arg, fq_err *err)
{
	sweep_arg *s = arg;
	return store_council_sweep(c, s->now, &s->flagged, err);
}

void council_sweep(store *db, int64_t now)
{
	sweep_arg s = {now, 0};
	fq_err err = {0};
	if (store_write(db, sweep_tx, &s, &err) != FQ_OK)
		fq_warn("council sweep failed: %s", err.message);
	else if (s.flagged)
		fq_info("council sweep: %d task%s overdue", s.flagged, s.flagged == 1 ? "" : "s");
}
