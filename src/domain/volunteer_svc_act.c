/*
 * volunteer_svc_act.c - the writes of activities (volunteer_svc.h): a new
 * activity with its slots and secret; sign-up and withdrawal, decided on
 * the writer inside the job's transaction so that the last places go to
 * exactly as many as there are and the rest wait in the order they came;
 * check-in and check-out with the rotating code, attendance marked by the
 * organiser, and the hours these credit to the append-only ledger, with
 * corrections as new entries.
 */
#include "domain/volunteer_svc_int.h"

#include <string.h>

#include "domain/access.h"
#include "domain/org_svc.h"
#include "store/store_org.h"

/* Seconds of the day in Asia/Shanghai (UTC+8), for the per-day limit. */
#define DAY_S 86400
#define TZ_OFFSET_S (8 * 3600)

/* ---- a new activity ------------------------------------------------------------------ */

static fq_status act_check(const volsvc_act_in *in, unsigned *skills, fq_err *err)
{
	if (vol_activity_kind_parse(in->kind) < 0)
		return fq_fail(err, FQ_EINVAL, "kind", "kind is activity, course, patrol or callout");
	if (in->ends_at <= in->starts_at)
		return fq_fail(err, FQ_EINVAL, "ends_at", "ends_at must be after starts_at");
	if (in->ends_at - in->starts_at > VOL_SPAN_MAX_S)
		return fq_fail(err, FQ_EINVAL, "ends_at", "an activity lasts at most %d hours",
			       VOL_SPAN_MAX_S / 3600);
	if (in->n_slots == 0 || in->n_slots > VOL_SLOTS_MAX)
		return fq_fail(err, FQ_EINVAL, "slots", "an activity has 1 to %d slots",
			       VOL_SLOTS_MAX);
	return vol_skills_parse(in->skills.v, in->skills.n, "skills", skills, err);
}

fq_status volsvc_act_create_run(store_conn *c, volsvc_job *j, fq_err *err)
{
	const volsvc_act_in *in = &j->in.act;
	unsigned skills = 0;
	store_unit u;
	char secret[VOL_SECRET_HEX];
	fq_status st = act_check(in, &skills, err);
	if (st == FQ_OK)
		st = orgsvc_unit_in_scope(c, j->a, j->who, VOL_WHO_ORGANISE, in->unit_id, "unit_id",
					  &u, err);
	if (st != FQ_OK)
		return st;
	if (in->starts_at < j->now)
		return fq_fail(err, FQ_EINVAL, "starts_at", "starts_at is in the past");
	vol_secret_new(secret);
	store_activity a = {.kind = in->kind, .unit_id = u.id, .unit_path = u.path,
			    .title = in->title, .address = in->address, .has_point = in->has_point,
			    .lat = in->lat, .lon = in->lon, .starts_at = in->starts_at,
			    .ends_at = in->ends_at, .organiser_id = j->who->account_id,
			    .skill_mask = (int)skills, .secret = secret, .created_at = j->now};
	return store_act_insert(c, &a, in->slots, in->n_slots, &j->id, err);
}

/* ---- sign-up and withdrawal ------------------------------------------------------------ */

/* The activity of j when it may be signed up for (open, not started). */
static fq_status open_act(store_conn *c, volsvc_job *j, store_activity *a, fq_err *err)
{
	fq_status st = store_act_get(c, j->a, j->id, a, err);
	if (st != FQ_OK)
		return st;
	if (strcmp(a->status, "open") != 0)
		return fq_fail(err, FQ_ECONFLICT, "status", "the activity is %s", a->status);
	if (j->now >= a->starts_at)
		return fq_fail(err, FQ_ECONFLICT, "starts_at", "the activity has started");
	return FQ_OK;
}

/* The slot of j on the activity (the only one when none is named). */
static fq_status slot_of(store_conn *c, volsvc_job *j, store_act_slot *out, fq_err *err)
{
	store_act_slot *slots = NULL;
	size_t n = 0;
	fq_status st = store_act_slots(c, j->a, j->id, &slots, &n, err);
	for (size_t i = 0; st == FQ_OK && i < n; i++)
		if (slots[i].id == j->slot_id || (!j->slot_id && n == 1)) {
			*out = slots[i];
			return FQ_OK;
		}
	return st != FQ_OK ? st
			   : fq_fail(err, FQ_EINVAL, "slot_id",
				     j->slot_id ? "no such slot of the activity"
						: "slot_id is required: the activity has several");
}

/* The limits of a sign-up of v for a: skills, overlaps, per day. */
static fq_status signup_allowed(store_conn *c, volsvc_job *j, const store_volunteer *v,
				const store_activity *a, fq_err *err)
{
	int n = 0;
	int64_t day = (j->now + TZ_OFFSET_S) / DAY_S * DAY_S - TZ_OFFSET_S;
	store_signup had;
	fq_status st = store_signup_of(c, j->a, a->id, v->id, &had, err);
	if (st == FQ_OK)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "signed up already (%s)", had.state);
	if (st != FQ_ENOTFOUND)
		return st;
	if (strcmp(v->status, "active") != 0)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "the volunteer has left");
	if ((v->skill_mask & a->skill_mask) != a->skill_mask)
		return fq_fail(err, FQ_ECONFLICT, "skills", "the activity needs skills not held");
	st = store_signup_made(c, v->id, day, day + DAY_S, &n, err);
	if (st == FQ_OK && n >= VOL_SIGNUPS_PER_DAY)
		return fq_fail(err, FQ_ERATELIMIT, "signups_per_day",
			       "at most %d sign-ups a day", VOL_SIGNUPS_PER_DAY);
	if (st == FQ_OK)
		st = store_signup_overlaps(c, v->id, a->starts_at, a->ends_at, &n, err);
	if (st == FQ_OK && n > 0)
		return fq_fail(err, FQ_ECONFLICT, "starts_at",
			       "the volunteer is booked at an overlapping time");
	return st;
}

/* The open activity of j and the volunteer it acts for. */
static fq_status open_for(store_conn *c, volsvc_job *j, store_activity *a, store_volunteer *v,
			  fq_err *err)
{
	fq_status st = open_act(c, j, a, err);
	return st == FQ_OK ? volsvc_acting(c, j, j->member, volsvc_manages(j->who, a), v, err) : st;
}

fq_status volsvc_signup_run(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_activity a;
	store_act_slot slot = {0};
	store_volunteer v;
	fq_status st = open_for(c, j, &a, &v, err);
	if (st == FQ_OK)
		st = slot_of(c, j, &slot, err);
	if (st == FQ_OK)
		st = signup_allowed(c, j, &v, &a, err);
	if (st != FQ_OK)
		return st;
	/* decided here, on the writer: the count read is the count committed */
	int confirm = slot.confirmed < slot.capacity;
	store_signup s = {.activity_id = a.id, .slot_id = slot.id, .volunteer_id = v.id,
			  .state = confirm ? "confirmed" : "waiting", .starts_at = a.starts_at,
			  .ends_at = a.ends_at, .created_at = j->now};
	j->state = s.state;
	st = store_signup_insert(c, &s, &j->signup, err);
	return st == FQ_OK && confirm ? store_act_slot_count(c, slot.id, 1, err) : st;
}

fq_status volsvc_withdraw_run(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_activity a;
	store_volunteer v;
	store_signup s;
	fq_status st = open_for(c, j, &a, &v, err);
	if (st == FQ_OK)
		st = store_signup_of(c, j->a, a.id, v.id, &s, err);
	if (st == FQ_OK)
		st = store_signup_state(c, s.id, "withdrawn", j->now, err);
	if (st != FQ_OK || strcmp(s.state, "confirmed") != 0)
		return st;
	/* the first waiting moves up into the place given back */
	st = store_signup_first_waiting(c, s.slot_id, &j->promoted, err);
	if (st == FQ_OK && j->promoted)
		return store_signup_state(c, j->promoted, "confirmed", j->now, err);
	return st == FQ_OK ? store_act_slot_count(c, s.slot_id, -1, err) : st;
}

/* ---- attendance and hours ------------------------------------------------------------------ */

/* Credit the attendance of s from in to out to the ledger. */
static fq_status credit(store_conn *c, volsvc_job *j, const store_activity *a,
			const store_signup *s, int64_t in, int64_t out, fq_err *err)
{
	j->minutes = vol_credit_minutes(in, out, a->starts_at, a->ends_at);
	store_hours h = {.volunteer_id = s->volunteer_id, .activity_id = a->id, .signup_id = s->id,
			 .minutes = j->minutes, .kind = "attendance",
			 .author_id = j->who ? j->who->account_id : 0, .created_at = j->now};
	return store_hours_insert(c, &h, &j->signup, err);
}

/* The confirmed sign-up of the volunteer of j (member) on its activity. */
static fq_status attendee(store_conn *c, volsvc_job *j, int staff, store_activity *a,
			  store_signup *s, fq_err *err)
{
	store_volunteer v;
	fq_status st = store_act_get(c, j->a, j->id, a, err);
	if (st == FQ_OK)
		st = volsvc_acting(c, j, j->member, staff && volsvc_manages(j->who, a), &v, err);
	if (st == FQ_OK)
		st = store_signup_of(c, j->a, a->id, v.id, s, err);
	if (st == FQ_OK && strcmp(s->state, "confirmed") != 0)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "the sign-up is %s", s->state);
	if (st == FQ_OK && s->checkout_at)
		return fq_fail(err, FQ_ECONFLICT, "volunteer_id", "checked out already");
	return st;
}

fq_status volsvc_check_run(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_activity a;
	store_signup s;
	int out = j->op == VOLSVC_CHECKOUT;
	fq_status st = attendee(c, j, 0, &a, &s, err);
	if (st == FQ_OK)
		st = vol_code_check(a.secret, a.id, j->code, j->now, err);
	if (st != FQ_OK)
		return st;
	if (!out && s.checkin_at)
		return fq_fail(err, FQ_ECONFLICT, "code", "checked in already");
	if (out && !s.checkin_at)
		return fq_fail(err, FQ_ECONFLICT, "code", "not checked in");
	st = store_signup_check(c, s.id, out, j->now, "code", err);
	return st == FQ_OK && out ? credit(c, j, &a, &s, s.checkin_at, j->now, err) : st;
}

fq_status volsvc_mark_run(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_activity a;
	store_signup s;
	fq_status st = attendee(c, j, 1, &a, &s, err);
	if (st == FQ_OK && !volsvc_manages(j->who, &a))
		return fq_fail(err, FQ_EFORBIDDEN, "", "only the organiser marks attendance");
	if (st == FQ_OK && j->mark_out <= j->mark_in)
		return fq_fail(err, FQ_EINVAL, "checkout_at", "checkout_at must follow checkin_at");
	if (st == FQ_OK && j->mark_out > j->now)
		return fq_fail(err, FQ_EINVAL, "checkout_at", "checkout_at is in the future");
	if (st == FQ_OK)
		st = store_signup_check(c, s.id, 0, j->mark_in, "marked", err);
	if (st == FQ_OK)
		st = store_signup_check(c, s.id, 1, j->mark_out, "marked", err);
	return st == FQ_OK ? credit(c, j, &a, &s, j->mark_in, j->mark_out, err) : st;
}

fq_status volsvc_correct_run(store_conn *c, volsvc_job *j, fq_err *err)
{
	store_volunteer v;
	fq_status st = store_vol_get(c, j->a, j->id, &v, err);
	if (st == FQ_OK && !access_covers(j->who, VOL_WHO_STAFF, v.home_path))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such volunteer");
	if (st != FQ_OK)
		return st;
	if (!j->minutes || j->minutes > VOL_CORRECTION_MAX_MIN || j->minutes < -VOL_CORRECTION_MAX_MIN)
		return fq_fail(err, FQ_EINVAL, "minutes", "minutes is 1 to %d either way",
			       VOL_CORRECTION_MAX_MIN);
	if (v.minutes + j->minutes < 0)
		return fq_fail(err, FQ_EINVAL, "minutes", "the ledger would fall below zero");
	store_hours h = {.volunteer_id = v.id, .minutes = j->minutes, .kind = "correction",
			 .reason = j->reason, .author_id = j->who->account_id, .created_at = j->now};
	return store_hours_insert(c, &h, &j->signup, err);
}
