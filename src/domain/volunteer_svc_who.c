/*
 * volunteer_svc_who.c - who a volunteer write acts for and who may see a
 * volunteer or run an activity (volunteer_svc_int.h), shared by the
 * service files of volunteers and of activities.
 */
#include "domain/volunteer_svc_int.h"

#include "domain/access.h"

int volsvc_is_self(const caller *who, const store_volunteer *v)
{
	return who && ((v->account_id && who->account_id == v->account_id) ||
		       (who->person_id && who->person_id == v->person_id));
}

int volsvc_visible(const caller *who, const store_volunteer *v)
{
	return volsvc_is_self(who, v) || access_covers(who, VOL_WHO_READ, v->home_path);
}

fq_status volsvc_acting(store_conn *c, const volsvc_job *j, int64_t member, int staff,
			store_volunteer *v, fq_err *err)
{
	fq_status st;
	if (!member) {
		st = j->who ? store_vol_by_account(c, j->a, j->who->account_id, v, err) : FQ_ENOTFOUND;
		return st == FQ_ENOTFOUND ? fq_fail(err, FQ_EINVAL, "volunteer_id",
						    "the caller is not a volunteer")
					  : st;
	}
	st = store_vol_get(c, j->a, member, v, err);
	if (st == FQ_ENOTFOUND || (st == FQ_OK && !staff && !volsvc_is_self(j->who, v)))
		return fq_fail(err, FQ_EINVAL, "volunteer_id", "no such volunteer");
	return st;
}

int volsvc_manages(const caller *who, const store_activity *a)
{
	return (who && who->account_id == a->organiser_id) ||
	       access_covers(who, VOL_WHO_ORGANISE, a->unit_path);
}

