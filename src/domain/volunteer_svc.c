/*
 * volunteer_svc.c - the writes of volunteers and teams (volunteer_svc.h):
 * registration by the resident or by staff, edits, teams, joining and
 * leaving, each one operation on the writer's connection, audited in the
 * same transaction.
 */
#include "domain/volunteer_svc_int.h"

#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/org_svc.h"
#include "store/store_auth.h"
#include "store/store_org.h"
#include "store/store_talent.h"

/* Bytes of an audit subject ("volunteer:123"). */
#define AUDIT_SUBJECT_MAX 48

/* ---- volunteers ------------------------------------------------------------------- */

/* The units of e into units (n_units entries), each one that exists. */
static fq_status units_of(store_conn *c, fq_arena *a, const volsvc_edit *e, store_vol_unit **out,
			  fq_err *err)
{
	if (e->n_units > VOL_UNITS_MAX)
		return fq_fail(err, FQ_EINVAL, "units", "a volunteer serves at most %d units",
			       VOL_UNITS_MAX);
	store_vol_unit *u = fq_arena_alloc(a, (e->n_units + 1) * sizeof *u);
	if (!u)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < e->n_units; i++) {
		store_unit unit;
		fq_status st = store_unit_get(c, a, e->units[i], &unit, err);
		if (st != FQ_OK)
			return st == FQ_ENOTFOUND ? fq_fail(err, FQ_EINVAL, "units",
							    "no unit %lld", (long long)e->units[i])
						  : st;
		u[i] = (store_vol_unit){.unit_id = unit.id, .path = unit.path, .name = unit.name};
	}
	*out = u;
	return FQ_OK;
}

/* Apply the fields present in e to v (skills, availability, note, status). */
static fq_status apply_edit(const volsvc_edit *e, store_volunteer *v, fq_err *err)
{
	unsigned m = 0;
	fq_status st = FQ_OK;
	if (e->skills.present && (st = vol_skills_parse(e->skills.v, e->skills.n, "skills", &m,
							 err)) == FQ_OK)
		v->skill_mask = (int)m;
	if (st == FQ_OK && e->availability.present &&
	    (st = vol_availability_parse(e->availability.v, e->availability.n, "availability", &m,
					 err)) == FQ_OK)
		v->availability = (int)m;
	if (st != FQ_OK)
		return st;
	if (e->note)
		v->note = e->note;
	if (e->status && strcmp(e->status, "active") != 0 && strcmp(e->status, "left") != 0)
		return fq_fail(err, FQ_EINVAL, "status", "status is active or left");
	if (e->status)
		v->status = e->status;
	return FQ_OK;
}

static fq_status write_units(store_conn *c, fq_arena *a, int64_t id, const volsvc_edit *e,
			     fq_err *err)
{
	store_vol_unit *u = NULL;
	if (!e->has_units)
		return FQ_OK;
	fq_status st = units_of(c, a, e, &u, err);
	return st == FQ_OK ? store_vol_units_set(c, id, u, e->n_units, err) : st;
}

/* Who is registered: the caller's own person, or one staff reach. */
static fq_status enrol_person(store_conn *c, fq_arena *a, const caller *who, int64_t asked,
			      store_volunteer *v, fq_err *err)
{
	int self = !asked || (who && asked == who->person_id);
	int64_t person = self && who ? who->person_id : asked, household = 0, account = 0;
	const char *home = NULL;
	if (!person)
		return fq_fail(err, FQ_EINVAL, "person_id",
			       "person_id is required unless the account is a resident's");
	fq_status st = store_talent_person_home(c, a, person, "person_id", &household, &home,
						&account, err);
	if (st != FQ_OK)
		return st;
	if (!self && !access_covers(who, VOL_WHO_STAFF, home))
		return fq_fail(err, FQ_ENOTFOUND, "person_id", "no such person");
	*v = (store_volunteer){.person_id = person, .account_id = self ? who->account_id : account,
			       .home_path = home, .enrolment = self ? "self" : "staff",
			       .status = "active"};
	return FQ_OK;
}

static fq_status enrol(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_volunteer v;
	fq_status st = enrol_person(c, j->a, j->who, j->in.edit.person_id, &v, err);
	if (st == FQ_OK)
		st = apply_edit(&j->in.edit, &v, err);
	if (st != FQ_OK)
		return st;
	v.status = "active";
	v.enrolled_by = j->who ? j->who->account_id : 0;
	v.created_at = j->now;
	st = store_vol_insert(c, &v, &j->id, err);
	return st == FQ_OK ? write_units(c, j->a, j->id, &j->in.edit, err) : st;
}

/* Volunteer id when who may change it (themselves or staff over their
 * home), else 404. */
static fq_status editable(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			  store_volunteer *v, fq_err *err)
{
	fq_status st = store_vol_get(c, a, id, v, err);
	if (st == FQ_OK && !volsvc_is_self(who, v) && !access_covers(who, VOL_WHO_STAFF, v->home_path))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such volunteer");
	return st;
}

static fq_status update(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_volunteer v;
	fq_status st = editable(c, j->a, j->who, j->id, &v, err);
	if (st == FQ_OK)
		st = apply_edit(&j->in.edit, &v, err);
	if (st != FQ_OK)
		return st;
	v.updated_at = j->now;
	st = store_vol_update(c, &v, err);
	return st == FQ_OK ? write_units(c, j->a, j->id, &j->in.edit, err) : st;
}

/* ---- teams ---------------------------------------------------------------------------- */

static fq_status team_create(store_conn *c, volsvc_job *j, fq_err *err)
{
	const volsvc_team_in *in = &j->in.team;
	store_unit u;
	store_volunteer leader;
	if (vol_team_kind_parse(in->kind) < 0)
		return fq_fail(err, FQ_EINVAL, "kind",
			       "kind is trade, community, patrol_police or party");
	fq_status st = orgsvc_unit_in_scope(c, j->a, j->who, VOL_WHO_STAFF, in->unit_id, "unit_id",
					    &u, err);
	if (st == FQ_OK && in->leader_id)
		st = store_vol_get(c, j->a, in->leader_id, &leader, err);
	if (st != FQ_OK)
		return st == FQ_ENOTFOUND && in->leader_id && !strcmp(err->field, "id")
			       ? fq_fail(err, FQ_EINVAL, "leader_id", "no such volunteer")
			       : st;
	store_vol_team t = {.unit_id = u.id, .unit_path = u.path, .name = in->name,
			    .kind = in->kind, .leader_id = in->leader_id,
			    .size_max = in->size_max ? in->size_max : VOL_TEAM_SIZE_DEFAULT,
			    .created_by = j->who ? j->who->account_id : 0, .created_at = j->now};
	st = store_vol_team_insert(c, &t, &j->id, err);
	if (st == FQ_OK && in->leader_id)
		st = store_vol_team_join(c, j->id, in->leader_id, t.created_by, j->now, err);
	return st;
}

/* The team of j and the volunteer who joins or leaves it, when who may
 * move them: staff over the team's unit, or the volunteer themselves. */
static fq_status member_move(store_conn *c, volsvc_job *j, store_vol_team *t,
			     store_volunteer *v, fq_err *err)
{
	fq_status st = store_vol_team_get(c, j->a, j->id, t, err);
	return st == FQ_OK ? volsvc_acting(c, j, j->member,
					   access_covers(j->who, VOL_WHO_STAFF, t->unit_path), v, err)
			   : st;
}

static fq_status team_join(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_vol_team t;
	store_volunteer v;
	fq_status st = member_move(c, j, &t, &v, err);
	if (st != FQ_OK)
		return st;
	if (strcmp(v.status, "active") != 0)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "the volunteer has left");
	if (t.members >= t.size_max)
		return fq_fail(err, FQ_ECONFLICT, "size_max", "the team is full (%d of %d)",
			       t.members, t.size_max);
	return store_vol_team_join(c, t.id, v.id, j->who ? j->who->account_id : 0, j->now, err);
}

static fq_status team_leave(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_vol_team t;
	store_volunteer v;
	fq_status st = member_move(c, j, &t, &v, err);
	return st == FQ_OK ? store_vol_team_leave(c, t.id, v.id, j->who ? j->who->account_id : 0,
						  j->now, err)
			   : st;
}

/* ---- jobs ------------------------------------------------------------------------------ */

/* Each write: its body and its audit action on "kind:id". */
static const struct op_row {
	fq_status (*run)(store_conn *c, volsvc_job *j, fq_err *err);
	const char *action;
	const char *kind;
} ops[VOLSVC_OP_COUNT] = {
	[VOLSVC_ENROL] = {enrol, "volunteer.enrol", "volunteer"},
	[VOLSVC_UPDATE] = {update, "volunteer.update", "volunteer"},
	[VOLSVC_TEAM_CREATE] = {team_create, "volunteer.team.create", "volunteer_team"},
	[VOLSVC_TEAM_JOIN] = {team_join, "volunteer.team.join", "volunteer_team"},
	[VOLSVC_TEAM_LEAVE] = {team_leave, "volunteer.team.leave", "volunteer_team"},
	[VOLSVC_ACT_CREATE] = {volsvc_act_create_run, "activity.create", "activity"},
	[VOLSVC_SIGNUP] = {volsvc_signup_run, "activity.signup", "activity"},
	[VOLSVC_WITHDRAW] = {volsvc_withdraw_run, "activity.withdraw", "activity"},
	[VOLSVC_CHECKIN] = {volsvc_check_run, "activity.checkin", "activity"},
	[VOLSVC_CHECKOUT] = {volsvc_check_run, "activity.checkout", "activity"},
	[VOLSVC_MARK] = {volsvc_mark_run, "activity.mark", "activity"},
	[VOLSVC_CORRECT] = {volsvc_correct_run, "volunteer.hours.correct", "volunteer"},
};

static fq_status job_run(store_conn *c, svc_job *job, fq_err *err)
{
	volsvc_job *j = (volsvc_job *)job;
	fq_status st = ops[j->op].run(c, j, err);
	if (st != FQ_OK)
		return st;
	char subject[AUDIT_SUBJECT_MAX];
	snprintf(subject, sizeof subject, "%s:%lld", ops[j->op].kind, (long long)j->id);
	return store_audit_insert(c, j->who ? j->who->account_id : 0, ops[j->op].action, subject,
				  NULL, j->peer, err);
}

void volsvc_job_init(volsvc_job *j, volsvc_op op)
{
	j->job.run = job_run;
	j->op = op;
}
