/*
 * council_svc_job.c - the councils' write jobs (council_svc.h): the table
 * from each cnlsvc_op to the body that runs it on the writer.
 */
#include "domain/council_svc_int.h"

static cnlsvc_run_fn *const runs[CNLSVC_OP_COUNT] = {
	[CNLSVC_TOPIC_CREATE] = cnlsvc_topic_create_run,
	[CNLSVC_TOPIC_SUPPORT] = cnlsvc_support_run,
	[CNLSVC_TOPIC_DROP] = cnlsvc_topic_action_run,
	[CNLSVC_TOPIC_DECIDE] = cnlsvc_topic_action_run,
	[CNLSVC_THRESHOLD] = cnlsvc_threshold_run,
	[CNLSVC_MEETING_CREATE] = cnlsvc_meeting_create_run,
	[CNLSVC_MEETING_UPDATE] = cnlsvc_meeting_update_run,
	[CNLSVC_PARTICIPANT_ADD] = cnlsvc_participant_run,
	[CNLSVC_AGENDA_ADD] = cnlsvc_agenda_run,
	[CNLSVC_MEETING_OPEN] = cnlsvc_meeting_state_run,
	[CNLSVC_MEETING_CLOSE] = cnlsvc_meeting_state_run,
	[CNLSVC_MINUTES] = cnlsvc_minutes_run,
	[CNLSVC_OPINION] = cnlsvc_opinion_run,
	[CNLSVC_VOTE_OPEN] = cnlsvc_vote_open_run,
	[CNLSVC_BALLOT] = cnlsvc_ballot_run,
	[CNLSVC_VOTE_CLOSE] = cnlsvc_vote_close_run,
	[CNLSVC_RESOLUTION] = cnlsvc_resolution_run,
	[CNLSVC_TASK_CREATE] = cnlsvc_task_create_run,
	[CNLSVC_TASK_PROGRESS] = cnlsvc_progress_run,
	[CNLSVC_TASK_SUPERVISE] = cnlsvc_supervise_run,
};

fq_status cnlsvc_job_run(store_conn *c, cnlsvc_job *j, fq_err *err)
{
	return runs[j->op](c, j, err);
}

static fq_status job_run(store_conn *c, svc_job *job, fq_err *err)
{
	return cnlsvc_job_run(c, (cnlsvc_job *)job, err);
}

void cnlsvc_job_init(cnlsvc_job *j, cnlsvc_op op)
{
	j->job.run = job_run;
	j->op = op;
}
