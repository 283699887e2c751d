/*
 * council_sweep.c - flagging overdue council tasks from the sweeper
 * (council_sweep.h).
 */
#include "domain/council_sweep.h"

#include "core/log.h"
#include "domain/svc.h"
#include "store/store_council.h"

/* The sweep as a write job (svc.h). */
typedef struct sweep_job {
	svc_job job; /* first */
	int64_t now;
	int flagged;
} sweep_job;

static fq_status sweep_run(store_conn *c, svc_job *job, fq_err *err)
{
	sweep_job *s = (sweep_job *)job;
	return store_council_sweep(c, s->now, &s->flagged, err);
}

void council_sweep(store *db, int64_t now)
{
	sweep_job s = {.job.run = sweep_run, .now = now};
	if (svc_write(db, &s.job) != FQ_OK)
		fq_warn("council sweep failed: %s", s.job.err.message);
	else if (s.flagged)
		fq_info("council sweep: %d task%s overdue", s.flagged, s.flagged == 1 ? "" : "s");
}
