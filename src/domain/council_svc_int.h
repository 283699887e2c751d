/*
 * council_svc_int.h - private to domain/council_svc*.c: the arguments of
 * the scope of a list, the refusal that tells 403 from 404, and
 * the bodies of the write jobs (one per cnlsvc_op, in council_svc_job.c's
 * table).
 */
#ifndef FQ_DOMAIN_COUNCIL_SVC_INT_H
#define FQ_DOMAIN_COUNCIL_SVC_INT_H

#include "domain/council_svc.h"
#include "store/store_org.h"

/* Complete the scope of list x's filter (a store_council_filter) for
 * x->who (seen_by, and below the unit x->id when it is not 0);
 * FQ_ENOTFOUND (unit) when the unit is out of sight. Each list's body
 * starts with it. */
fq_status cnlsvc_scope(store_conn *c, const svc_rd *x, fq_err *err);

/* FQ_ETOOBIG naming field once n of them have reached max: "<whole> at
 * most <max> <field>" (whole: "a meeting has"); else FQ_OK. */
fq_status cnlsvc_room(int n, int max, const char *field, const char *whole, fq_err *err);

/* The refusal of something at path that who may not do: FQ_EFORBIDDEN
 * (field, why) when they see it, else FQ_ENOTFOUND ("id", "no such
 * <what>"). */
fq_status cnlsvc_refuse(const caller *who, const char *path, const char *field, const char *why,
			const char *what, fq_err *err);

/* The unit a council sits at, for who when staff (else FQ_ENOTFOUND
 * naming field, "no such unit in your scope"); FQ_EINVAL naming field when
 * no council sits at its kind. */
fq_status cnlsvc_council_unit(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      const char *field, int staff_only, store_unit *u, fq_err *err);

/* Resolutions of f with their tasks (the list and the public page). */
fq_status cnlsvc_resolutions_of(store_conn *c, fq_arena *a, const store_council_filter *f,
				cnlsvc_resolution_view **out, size_t *n, fq_err *err);

/* The bodies of the write jobs, on the writer's connection. */
typedef fq_status cnlsvc_run_fn(store_conn *c, cnlsvc_job *j, fq_err *err);

cnlsvc_run_fn cnlsvc_topic_create_run, cnlsvc_support_run, cnlsvc_topic_action_run,
	cnlsvc_threshold_run;
cnlsvc_run_fn cnlsvc_meeting_create_run, cnlsvc_meeting_update_run, cnlsvc_participant_run,
	cnlsvc_agenda_run, cnlsvc_meeting_state_run, cnlsvc_minutes_run, cnlsvc_opinion_run;
cnlsvc_run_fn cnlsvc_vote_open_run, cnlsvc_ballot_run, cnlsvc_vote_close_run,
	cnlsvc_resolution_run;
cnlsvc_run_fn cnlsvc_task_create_run, cnlsvc_progress_run, cnlsvc_supervise_run;

#endif
