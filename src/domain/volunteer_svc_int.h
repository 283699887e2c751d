/*
 * volunteer_svc_int.h - private to the volunteer service files
 * (volunteer_svc.c, volunteer_svc_act.c, volunteer_svc_read.c, volunteer_svc_who.c): the
 * volunteer a write acts for, and the bodies of the activity writes that
 * volunteer_svc.c's table of jobs runs.
 */
#ifndef FQ_DOMAIN_VOLUNTEER_SVC_INT_H
#define FQ_DOMAIN_VOLUNTEER_SVC_INT_H

#include "domain/volunteer_svc.h"

/* Whether who is volunteer v: their account or their person. */
int volsvc_is_self(const caller *who, const store_volunteer *v);

/* The volunteer of member (0: the caller's own record) into v, when the
 * caller may act for them: themselves, or staff when staff is set; else
 * 422 naming "volunteer_id". */
fq_status volsvc_acting(store_conn *c, const volsvc_job *j, int64_t member, int staff,
			store_volunteer *v, fq_err *err);

/* Whether who organises activity a: its organiser, or staff over its unit. */
int volsvc_manages(const caller *who, const store_activity *a);

/* The bodies of the activity writes (volunteer_svc_act.c). */
fq_status volsvc_act_create_run(store_conn *c, volsvc_job *j, fq_err *err);
fq_status volsvc_signup_run(store_conn *c, volsvc_job *j, fq_err *err);
fq_status volsvc_withdraw_run(store_conn *c, volsvc_job *j, fq_err *err);
fq_status volsvc_check_run(store_conn *c, volsvc_job *j, fq_err *err);
fq_status volsvc_mark_run(store_conn *c, volsvc_job *j, fq_err *err);
fq_status volsvc_correct_run(store_conn *c, volsvc_job *j, fq_err *err);

#endif
