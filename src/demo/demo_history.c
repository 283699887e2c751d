/*
 * demo_history.c - the draws of a demo street's request history: the
 * schedule of creation times, each request's channel, category, place and
 * texts, and each next move; see demo_history.h. The texts and the
 * category table live in demo_history_text.c.
 */
#include "demo/demo_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_history_int.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Salts of the random streams. */
#define SALT_FATE 1u
#define SALT_BASE 2u
#define SALT_TEXT 3u
#define SALT_DAY 4u
#define SALT_MOVE 16u /* + the move's step */

/* Channel shares, per thousand (index = reqsvc_channel). */
static const uint32_t channel_shares[] = {0, 450, 200, 200, 80, 70};

/* Fates, per thousand requests. */
#define DUPLICATE_PER_MILLE 15
#define REJECT_PER_MILLE 12

/* Self-reported disputes and nuisances raised anonymously, percent. */
#define ANONYMOUS_PCT 20

/* Day weights: working days, days off, and a factor per month (percent). */
#define WORKDAY_WEIGHT 100
#define DAY_OFF_WEIGHT 72
static const int64_t month_factor[12] = {95, 80, 100, 100, 100, 105, 112, 110, 100, 95, 100,
					 98};

/* A category in season is this many percent as frequent. */
#define SEASON_PCT 160
#define BASE_PCT 100

/* Requests raised in each hour of the day, relative. */
static const uint32_t hour_weights[24] = {4,  2,  1,  1,  1,  2,  8,  20, 44, 60, 60, 50,
					  28, 32, 52, 56, 52, 40, 28, 26, 24, 20, 14, 8};

/* The moves' odds (probabilities). */
#define P_LATE_ACCEPT 0.045   /* accepted after the accept deadline */
#define P_RETURN 0.025        /* returned by its first handler */
#define P_COHANDLE 0.45       /* co-handlers set at the street */
#define P_ESCALATE 0.025      /* escalated by its handler */
#define P_EXTEND 0.05         /* an extension asked */
#define P_APPROVE 0.72        /* ... and approved */
#define P_REFUSE 0.18         /* ... refused; else left to lapse */
#define P_SUPERVISE 0.05      /* supervised while in hand */
#define P_LATE_RESOLVE 0.04   /* resolved after the resolve deadline */
#define P_RATE_RESIDENT 0.78  /* a resident or 邻长 rates their own request */
#define P_RATE_PHONE 0.62     /* the command centre follows up by phone */
#define P_ROUTER_ESCALATE 0.1 /* a returned request escalated further */
#define P_REASSIGN_DOWN 0.5   /* ... reassigned one level down, else kept */
#define P_REDO_CLOSED 0.004   /* a closed request reopened by a supervisor */
#define P_COMMENT 0.4         /* a rating with a comment */

/* A request whose span is shorter than this gets no extension. */
#define EXTEND_SPAN_MIN_S (12 * 3600)
/* Shortest span a fraction of a deadline is taken of. */
#define SPAN_MIN_S 3600
/* Card deadlines: days after supervising, by card. */
#define CARD_DAYS_NORMAL 3
#define CARD_DAYS_YELLOW 2
#define CARD_DAYS_RED 1
/* Extensions asked in hours (resolve limits in hours) and working days. */
#define EXTEND_HOURS 24
#define EXTEND_WORKDAYS_MIN 2
#define EXTEND_WORKDAYS_MAX 5
/* A resolve limit shorter than this is counted in hours. */
#define HOURS_LIMIT_MAX_S (3 * 86400)
/* A closed request is reopened 1 to this many days after closing. */
#define REDO_DAYS_MAX 5
/* The slot number {n}: 2 to 6. */
#define SLOT_NUMBER_MIN 2
#define SLOT_NUMBER_MAX 6
/* Rooms per floor for a drawn room. */
#define ROOMS_PER_FLOOR 4

/* ---- randomness ---------------------------------------------------------- */

static void stream(demo_rng *r, uint64_t seed, int64_t key, uint64_t salt)
{
	uint64_t x = seed ^ ((uint64_t)key * 0x9E3779B97F4A7C15ULL) ^
		     (salt * 0xD1B54A32D192ED03ULL + 0x632BE59BD9B4E019ULL);
	demo_rng_seed(r, x);
}

/* Uniform in [0, 1). */
static double unit(demo_rng *r)
{
	return (double)(demo_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi). */
static double between(demo_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * unit(r);
}

static const char *pick(demo_rng *r, const char *const *items, size_t n)
{
	return items[demo_rng_range(r, 0, (int64_t)n - 1)];
}

static const char *pick_list(demo_rng *r, dh_list which)
{
	size_t n = 0;
	const char *const *items = dh_list_get(which, &n);
	return pick(r, items, n);
}

/* ---- parameters and the schedule ---------------------------------------- */

fq_status dhist_params_check(const dhist_params *p, fq_err *err)
{
	if (p->requests < 0 || p->requests > DHIST_REQUESTS_MAX)
		return fq_fail(err, FQ_EINVAL, "requests", "requests must be from 0 to %d",
			       DHIST_REQUESTS_MAX);
	if (!cal_date_valid(p->until) || !cal_date_valid(cal_date_of(
		    cal_date_start(p->until) - (int64_t)DHIST_DAYS * CAL_DAY_S)))
		return fq_fail(err, FQ_EINVAL, "until", "until must be a valid day");
	return FQ_OK;
}

static int64_t day_weight(const cal_calendar *cal, cal_date date)
{
	bool work = cal ? cal_is_workday(cal, date) : cal_weekday(date) <= 5;
	int64_t w = work ? WORKDAY_WEIGHT : DAY_OFF_WEIGHT;
	return w * month_factor[(date / 100) % 100 - 1];
}

fq_status dhist_schedule_init(const dhist_params *p, const cal_calendar *cal,
			      dhist_schedule *out, fq_err *err)
{
	fq_status st = dhist_params_check(p, err);
	if (st != FQ_OK)
		return st;
	dhist_schedule s = {.params = *p, .end = cal_date_start(p->until)};
	s.start = s.end - (int64_t)DHIST_DAYS * CAL_DAY_S;
	int64_t cum[DHIST_DAYS + 1];
	cum[0] = 0;
	for (int d = 0; d < DHIST_DAYS; d++) {
		cal_date date = cal_date_of(s.start + (int64_t)d * CAL_DAY_S + CAL_DAY_S / 2);
		cum[d + 1] = cum[d] + day_weight(cal, date);
	}
	for (int d = 0; d <= DHIST_DAYS; d++)
		s.first[d] = p->requests * cum[d] / cum[DHIST_DAYS];
	if (p->stop > s.end - CAL_DAY_S && p->stop < s.end)
		s.end = p->stop; /* the days keep their requests; those after stop are not raised */
	*out = s;
	return FQ_OK;
}

int64_t dhist_day_count(const dhist_schedule *s, int d, int64_t *first)
{
	if (d < 0 || d >= DHIST_DAYS)
		return 0;
	if (first)
		*first = s->first[d];
	return s->first[d + 1] - s->first[d];
}

static int cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void dhist_day_times(const dhist_schedule *s, int d, int64_t *times)
{
	int64_t first = 0;
	int64_t n = dhist_day_count(s, d, &first);
	demo_rng r;
	stream(&r, s->params.seed, d, SALT_DAY);
	int64_t day = s->start + (int64_t)d * CAL_DAY_S;
	for (int64_t i = 0; i < n; i++) {
		int64_t hour = (int64_t)demo_rng_pick_weighted(&r, hour_weights, LEN(hour_weights));
		times[i] = day + hour * 3600 + demo_rng_range(&r, 0, 3599);
	}
	qsort(times, (size_t)n, sizeof *times, cmp_time);
}

/* The day of the history that ordinal is raised on. */
static int day_of_ordinal(const dhist_schedule *s, int64_t ordinal)
{
	int lo = 0, hi = DHIST_DAYS - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (s->first[mid] <= ordinal)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* ---- fates ------------------------------------------------------------------- */

static dhist_fate fate_raw(const dhist_params *p, int64_t ordinal)
{
	demo_rng r;
	stream(&r, p->seed, ordinal, SALT_FATE);
	int64_t dup = demo_rng_range(&r, 0, 999);
	int64_t rej = demo_rng_range(&r, 0, 999);
	int64_t back_max = ordinal < DHIST_DUPLICATE_BACK_MAX ? ordinal : DHIST_DUPLICATE_BACK_MAX;
	int64_t back = back_max > 0 ? demo_rng_range(&r, 1, back_max) : 0;
	dhist_fate f = {.duplicate_of = -1};
	if (back > 0 && dup < DUPLICATE_PER_MILLE)
		f.duplicate_of = ordinal - back;
	else
		f.reject = rej < REJECT_PER_MILLE;
	return f;
}

dhist_fate dhist_fate_of(const dhist_params *p, int64_t ordinal)
{
	dhist_fate f = fate_raw(p, ordinal);
	if (f.duplicate_of >= 0 && fate_raw(p, f.duplicate_of).duplicate_of >= 0)
		f.duplicate_of = -1;
	return f;
}

/* ---- the request: who, what, where -------------------------------------------- */

static bool in_season(dh_season season, int month)
{
	switch (season) {
	case DH_WINTER: return month == 12 || month <= 2;
	case DH_SUMMER: return month >= 6 && month <= 8;
	case DH_RAINY: return month >= 4 && month <= 6;
	default: return false;
	}
}

static unsigned where_of(const demo_plan *plan, int32_t building)
{
	return plan->units[building].entrances > 0 ? DH_APT : DH_VIL;
}

static const dh_category *draw_category(demo_rng *r, reqsvc_channel ch, unsigned where,
					int month)
{
	size_t n = 0;
	const dh_category *cats = dh_categories(&n);
	uint32_t w[64];
	for (size_t i = 0; i < n && i < LEN(w); i++) {
		const dh_category *c = &cats[i];
		uint32_t pct = in_season(c->season, month) ? SEASON_PCT : BASE_PCT;
		w[i] = (c->where & where) ? c->weight * c->affinity[ch] * pct : 0;
	}
	return &cats[demo_rng_pick_weighted(r, w, n < LEN(w) ? n : LEN(w))];
}

/* The first person of household hh with a phone, or -1. */
static int32_t phone_person(const demo_plan *plan, int32_t hh)
{
	const demo_household *h = &plan->households[hh];
	for (int32_t k = 0; k < h->n_persons; k++)
		if (plan->persons[h->first_person + k].phone[0])
			return h->first_person + k;
	return -1;
}

/* Channel, reporter and place of ordinal (a duplicate draws its
 * original's). */
static void draw_who(demo_rng *r, const demo_plan *plan, dhist_request *out)
{
	reqsvc_channel ch = (reqsvc_channel)demo_rng_pick_weighted(r, channel_shares,
								   LEN(channel_shares));
	int32_t hh = (int32_t)demo_rng_range(r, 0, (int64_t)plan->n_households - 1);
	out->leader = -1;
	out->caller = -1;
	if (ch == REQSVC_CH_PROXY && plan->n_neighbour_leaders > 0) {
		int32_t l = (int32_t)demo_rng_range(r, 0, (int64_t)plan->n_neighbour_leaders - 1);
		const demo_leader *ld = &plan->leaders[l];
		if (ld->n_links > 0) {
			out->leader = l;
			hh = plan->links[ld->first_link + demo_rng_range(r, 0, ld->n_links - 1)];
		}
	}
	if (ch == REQSVC_CH_PROXY && out->leader < 0)
		ch = REQSVC_CH_SELF;
	if (ch == REQSVC_CH_HOTLINE) {
		out->caller = phone_person(plan, hh);
		if (out->caller < 0)
			ch = REQSVC_CH_SELF;
	}
	out->channel = ch;
	out->building = plan->households[hh].building;
	out->household = ch == REQSVC_CH_INSPECTION ? -1 : hh;
	out->visit_by_grid = demo_rng_range(r, 0, 1) == 1;
}

static bool private_matter(const char *code)
{
	return strncmp(code, "dispute.", 8) == 0 || strncmp(code, "neighbour.", 10) == 0 ||
	       strcmp(code, "safety.public_order") == 0;
}

static void draw_base(const dhist_schedule *s, const demo_plan *plan, int64_t base,
		      dhist_request *out)
{
	demo_rng r;
	stream(&r, s->params.seed, base, SALT_BASE);
	draw_who(&r, plan, out);
	int d = day_of_ordinal(s, base);
	int month = (cal_date_of(s->start + (int64_t)d * CAL_DAY_S) / 100) % 100;
	const dh_category *cat = draw_category(&r, out->channel, where_of(plan, out->building),
					       month);
	out->category = cat->code;
	out->anonymous = out->channel == REQSVC_CH_SELF && private_matter(cat->code) &&
			 demo_rng_range(&r, 0, 99) < ANONYMOUS_PCT;
}

/* ---- the request: texts --------------------------------------------------------- */

/* The compound of an apartment block: its name without the trailing
 * "<digits>栋". */
static void estate_of(const char *name, char *out, size_t n)
{
	static const char dong[] = "栋";
	size_t len = strlen(name);
	size_t dl = sizeof dong - 1;
	if (len > dl && strcmp(name + len - dl, dong) == 0) {
		len -= dl;
		while (len > 0 && name[len - 1] >= '0' && name[len - 1] <= '9')
			len--;
	}
	if (len >= n)
		len = n - 1;
	memcpy(out, name, len);
	out[len] = '\0';
}

/* The road of an address: what comes before its first digit; "" when
 * there is no digit. */
static void road_of(const char *address, char *out, size_t n)
{
	size_t len = strcspn(address, "0123456789");
	if (!address[len])
		len = 0;
	if (len >= n)
		len = n - 1;
	memcpy(out, address, len);
	out[len] = '\0';
}

/* Cut s after max characters. */
static void clip_chars(char *s, size_t max)
{
	size_t chars = 0;
	for (char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (chars++ == max) {
			*p = '\0';
			return;
		}
	}
}

static const dh_template *draw_template(demo_rng *r, const dh_category *cat, unsigned where)
{
	size_t eligible = 0;
	for (size_t i = 0; i < cat->n_templates; i++)
		eligible += (cat->templates[i].where & where) != 0;
	int64_t k = demo_rng_range(r, 0, eligible ? (int64_t)eligible - 1 : 0);
	for (size_t i = 0; i < cat->n_templates; i++)
		if ((cat->templates[i].where & where) && k-- == 0)
			return &cat->templates[i];
	return &cat->templates[0];
}

/* Entrance, floor and room: the household's, else drawn in the building. */
static void draw_rooms(demo_rng *r, const demo_plan *plan, const dhist_request *q,
		       dh_slots *sl)
{
	const demo_unit *b = &plan->units[q->building];
	if (q->household >= 0 && plan->households[q->household].floor > 0) {
		const demo_household *h = &plan->households[q->household];
		sl->entrance = h->entrance;
		sl->floor = h->floor;
		sl->room = atoi(h->room);
	} else {
		sl->entrance = (int)demo_rng_range(r, 1, b->entrances > 0 ? b->entrances : 1);
		sl->floor = (int)demo_rng_range(r, 1, b->floors > 0 ? b->floors : 1);
		sl->room = sl->floor * 100 + (int)demo_rng_range(r, 1, ROOMS_PER_FLOOR);
	}
	sl->room_up = (sl->floor + 1) * 100 + sl->room % 100;
}

static void draw_texts(const dhist_params *p, const demo_plan *plan, dhist_request *q)
{
	demo_rng r;
	stream(&r, p->seed, q->ordinal, SALT_TEXT);
	const demo_unit *b = &plan->units[q->building];
	unsigned where = where_of(plan, q->building);
	const dh_category *cat = dh_category_find(q->category);
	const dh_template *t = draw_template(&r, cat, where);
	char estate[DEMO_ADDRESS_SIZE], road[DEMO_ADDRESS_SIZE];
	if (where == DH_APT)
		estate_of(b->name, estate, sizeof estate);
	else
		snprintf(estate, sizeof estate, "%s", b->address);
	road_of(b->address, road, sizeof road);
	size_t n_places = 0, n_durations = 0, n_times = 0;
	const char *const *places = dh_places(where, &n_places);
	const char *const *durations = dh_durations(&n_durations);
	const char *const *times = dh_times(&n_times);
	const demo_unit *grid = &plan->units[b->parent];
	dh_slots sl = {
		.building = b->name, .estate = estate,
		.village = grid->parent >= 0 ? plan->units[grid->parent].name : "",
		.address = q->household >= 0 ? plan->households[q->household].address : b->address,
		.road = road[0] ? road : "进村公路", .place = pick(&r, places, n_places),
		.duration = pick(&r, durations, n_durations), .time = pick(&r, times, n_times),
		.number = (int)demo_rng_range(&r, SLOT_NUMBER_MIN, SLOT_NUMBER_MAX),
	};
	draw_rooms(&r, plan, q, &sl);
	dh_fill(t->title, &sl, q->title, sizeof q->title);
	clip_chars(q->title, REQSVC_TITLE_MAX);
	dh_fill(t->text, &sl, q->description, sizeof q->description);
	clip_chars(q->description, REQSVC_DESCRIPTION_MAX);
	snprintf(q->address, sizeof q->address, "%s", sl.address);
	clip_chars(q->address, REQSVC_ADDRESS_MAX);
}

void dhist_request_of(const dhist_schedule *s, const demo_plan *plan, int64_t ordinal,
		      int64_t created_at, dhist_request *out)
{
	dhist_request q = {.ordinal = ordinal, .created_at = created_at};
	q.fate = dhist_fate_of(&s->params, ordinal);
	draw_base(s, plan, q.fate.duplicate_of >= 0 ? q.fate.duplicate_of : ordinal, &q);
	draw_texts(&s->params, plan, &q);
	*out = q;
}

size_t dhist_template_count(const char *category)
{
	const dh_category *c = dh_category_find(category);
	return c ? c->n_templates : 0;
}

const char *dhist_category_at(size_t i)
{
	size_t n = 0;
	const dh_category *cats = dh_categories(&n);
	return i < n ? cats[i].code : NULL;
}

/* ---- the next move ---------------------------------------------------------------- */

/* Working state of one decision. */
typedef struct decider {
	const dhist_params *p;
	const dhist_situation *s;
	const dh_category *cat;
	demo_rng r;
	dhist_decision *out;
} decider;

/* f of the way from the start of the state (or now, when later: after a
 * move that left the state as it was) to due, over at least SPAN_MIN_S;
 * never sooner than DHIST_MIN_DELAY_S after now. */
static int64_t at_fraction(const decider *x, int64_t due, double f)
{
	const dhist_situation *s = x->s;
	int64_t from = s->now > s->since ? s->now : s->since;
	int64_t span = due - from;
	if (span < SPAN_MIN_S)
		span = SPAN_MIN_S;
	int64_t at = from + (int64_t)(f * (double)span);
	return at < s->now + DHIST_MIN_DELAY_S ? s->now + DHIST_MIN_DELAY_S : at;
}

static void action(decider *x, req_action_kind kind, dhist_actor by, int64_t at)
{
	dhist_decision *o = x->out;
	o->move = DHIST_MOVE_ACTION;
	o->by = by;
	o->at = at;
	o->act.kind = kind;
	o->act.now = at;
}

static dhist_actor handler(const decider *x)
{
	bool lead = (x->s->flags & DHIST_F_COHANDLED) && x->s->level == LADDER_STREET;
	return lead ? DHIST_BY_LEAD : DHIST_BY_HOLDER;
}

static void decide_return(decider *x, bool out_of_remit)
{
	static const req_reason codes[] = {REQ_REASON_WRONG_AREA, REQ_REASON_OVERLAPPING_REMIT,
					   REQ_REASON_UNCLEAR_OWNERSHIP, REQ_REASON_OTHER};
	size_t n_notes = 0;
	const char *const *notes = dh_list_get(DH_RETURN_NOTES, &n_notes);
	size_t k = out_of_remit ? 2 + (size_t)demo_rng_range(&x->r, 0, 1)
				: (size_t)demo_rng_range(&x->r, 0, LEN(codes) - 1);
	action(x, REQ_ACT_RETURN, DHIST_BY_HOLDER,
	       at_fraction(x, x->s->accept_due, between(&x->r, 0.1, 0.7)));
	x->out->act.reason_code = codes[k];
	x->out->act.note = notes[k < n_notes ? k : n_notes - 1];
	x->out->set_flags = DHIST_F_RETURNED;
}

static void decide_dispatched(decider *x)
{
	const dhist_situation *s = x->s;
	dhist_fate fate = dhist_fate_of(x->p, s->ordinal);
	bool first = !(s->flags & (DHIST_F_RETURNED | DHIST_F_NO_MERGE));
	double u = unit(&x->r);
	if (fate.duplicate_of >= 0 && first) {
		action(x, REQ_ACT_MERGE, DHIST_BY_ROUTER,
		       at_fraction(x, s->accept_due, between(&x->r, 0.05, 0.5)));
		x->out->merge_ordinal = fate.duplicate_of;
		x->out->set_flags = DHIST_F_NO_MERGE;
		return;
	}
	if (fate.reject && !(s->flags & DHIST_F_RETURNED)) {
		decide_return(x, true);
		return;
	}
	if (s->level == LADDER_STREET && !(s->flags & DHIST_F_COHANDLED) && x->cat &&
	    x->cat->lead && u < P_COHANDLE) {
		dhist_decision *o = x->out;
		o->move = DHIST_MOVE_COHANDLE;
		o->by = DHIST_BY_DISPATCHER;
		o->at = at_fraction(x, s->accept_due, between(&x->r, 0.05, 0.25));
		o->act.now = o->at;
		o->lead = x->cat->lead;
		o->second = x->cat->second;
		o->set_flags = DHIST_F_COHANDLED;
		return;
	}
	if (!(s->flags & DHIST_F_RETURNED) && s->level < LADDER_STREET && u > 1 - P_RETURN) {
		decide_return(x, false);
		return;
	}
	double v = unit(&x->r);
	double f = unit(&x->r) < P_LATE_ACCEPT ? between(&x->r, 1.05, 1.8) : 0.02 + 0.9 * v * v;
	action(x, REQ_ACT_ACCEPT, handler(x), at_fraction(x, s->accept_due, f));
}

static void decide_extension(decider *x)
{
	const dhist_situation *s = x->s;
	double u = unit(&x->r);
	int64_t left = s->resolve_due - s->now;
	int64_t at = s->now + (int64_t)(between(&x->r, 0.05, 0.3) *
					(double)(left > SPAN_MIN_S ? left : SPAN_MIN_S));
	if (at < s->now + DHIST_MIN_DELAY_S)
		at = s->now + DHIST_MIN_DELAY_S;
	if (u < P_APPROVE + P_REFUSE) {
		bool yes = u < P_APPROVE;
		action(x, yes ? REQ_ACT_APPROVE_EXTENSION : REQ_ACT_REFUSE_EXTENSION,
		       DHIST_BY_SUPERVISOR, at);
		x->out->act.reason = yes ? "同意延期，请按新期限办结" : "理由不充分，请按原期限办结";
		return;
	}
	/* nobody decides: the handler resolves after the deadline, by when the
	 * sweeper has lapsed the extension (and escalated below the top) */
	action(x, REQ_ACT_RESOLVE, handler(x),
	       at_fraction(x, s->resolve_due, between(&x->r, 1.05, 1.3)));
	x->out->act.result = x->cat ? x->cat->results[0] : "已办结";
}

static void decide_extend(decider *x, int64_t span)
{
	action(x, REQ_ACT_EXTEND, DHIST_BY_HOLDER,
	       at_fraction(x, x->s->resolve_due, between(&x->r, 0.4, 0.8)));
	x->out->act.reason = pick_list(&x->r, DH_EXTEND_REASONS);
	if (span < HOURS_LIMIT_MAX_S)
		x->out->act.ext_limit = (sla_limit){EXTEND_HOURS, SLA_HOURS};
	else
		x->out->act.ext_limit = (sla_limit){
			(int)demo_rng_range(&x->r, EXTEND_WORKDAYS_MIN, EXTEND_WORKDAYS_MAX),
			SLA_WORKDAYS};
}

static void decide_supervise(decider *x)
{
	double u = unit(&x->r);
	req_card card = u < 0.6 ? REQ_CARD_NORMAL : u < 0.9 ? REQ_CARD_YELLOW : REQ_CARD_RED;
	int days = card == REQ_CARD_NORMAL ? CARD_DAYS_NORMAL
		   : card == REQ_CARD_YELLOW ? CARD_DAYS_YELLOW
					     : CARD_DAYS_RED;
	int64_t at = at_fraction(x, x->s->resolve_due, between(&x->r, 0.3, 0.6));
	action(x, REQ_ACT_SUPERVISE, DHIST_BY_SUPERVISOR, at);
	x->out->act.card = card;
	x->out->act.due = at + (int64_t)days * CAL_DAY_S;
}

static void decide_accepted(decider *x)
{
	const dhist_situation *s = x->s;
	if (s->ext == REQ_EXT_PENDING) {
		decide_extension(x);
		return;
	}
	int64_t span = s->resolve_due - s->since;
	double u = unit(&x->r);
	if (s->level < LADDER_STREET && !(s->flags & DHIST_F_ESCALATED) && u < P_ESCALATE) {
		action(x, REQ_ACT_ESCALATE, DHIST_BY_HOLDER,
		       at_fraction(x, s->resolve_due, between(&x->r, 0.05, 0.4)));
		x->out->act.reason = pick_list(&x->r, DH_ESCALATE_REASONS);
		x->out->set_flags = DHIST_F_ESCALATED;
		return;
	}
	if (s->ext == REQ_EXT_NONE && s->extensions == 0 && span >= EXTEND_SPAN_MIN_S &&
	    unit(&x->r) < P_EXTEND) {
		decide_extend(x, span);
		return;
	}
	if (s->card == REQ_CARD_NONE && unit(&x->r) < P_SUPERVISE) {
		decide_supervise(x);
		return;
	}
	double f = unit(&x->r) < P_LATE_RESOLVE ? between(&x->r, 1.05, 1.5)
						: 0.05 + 0.9 * unit(&x->r) * unit(&x->r);
	action(x, REQ_ACT_RESOLVE, handler(x), at_fraction(x, s->resolve_due, f));
	x->out->act.result = x->cat ? x->cat->results[demo_rng_range(&x->r, 0, DH_RESULTS - 1)]
				    : "已办结";
}

/* The answer of a follow-up: resolved or not and a score. Later rounds
 * (after a redo) are a little less generous. */
static void draw_rating(decider *x, req_action *act)
{
	static const double first[] = {0.56, 0.83, 0.89, 0.92, 0.95};
	static const double later[] = {0.50, 0.82, 0.90, 0.90, 0.95};
	const double *cut = x->s->redo_count > 0 ? later : first;
	static const int score[] = {5, 4, 3, 2, 2, 1};
	static const req_answer answer[] = {REQ_ANSWER_YES, REQ_ANSWER_YES, REQ_ANSWER_YES,
					    REQ_ANSWER_YES, REQ_ANSWER_NO,  REQ_ANSWER_NO};
	double u = unit(&x->r);
	size_t k = 0;
	while (k < LEN(first) && u >= cut[k])
		k++;
	act->resolved = answer[k];
	act->satisfaction = score[k];
	if (unit(&x->r) >= P_COMMENT && act->satisfaction >= REQ_SATISFIED_MIN)
		return;
	dh_list which = act->satisfaction >= 4   ? DH_COMMENTS_GOOD
			: act->satisfaction == 3 ? DH_COMMENTS_FAIR
						 : DH_COMMENTS_BAD;
	act->comment = pick_list(&x->r, which);
}

static void decide_resolved(decider *x)
{
	const dhist_situation *s = x->s;
	bool own = s->channel == REQSVC_CH_SELF || s->channel == REQSVC_CH_PROXY;
	if (unit(&x->r) >= (own ? P_RATE_RESIDENT : P_RATE_PHONE))
		return; /* no follow-up: the sweeper closes it when the window ends */
	action(x, REQ_ACT_RATE, own ? DHIST_BY_REPORTER : DHIST_BY_SUPERVISOR,
	       at_fraction(x, s->followup_due, between(&x->r, 0.02, 0.85)));
	draw_rating(x, &x->out->act);
}

static void decide_returned(decider *x)
{
	const dhist_situation *s = x->s;
	int64_t at = at_fraction(x, s->accept_due, between(&x->r, 0.1, 0.6));
	double u = unit(&x->r);
	if (dhist_fate_of(x->p, s->ordinal).reject) {
		action(x, REQ_ACT_REJECT, DHIST_BY_ROUTER, at);
		x->out->act.reason = pick_list(&x->r, DH_REJECT_REASONS);
	} else if (s->level < LADDER_STREET && u < P_ROUTER_ESCALATE) {
		action(x, REQ_ACT_ESCALATE, DHIST_BY_ROUTER, at);
		x->out->act.reason = pick_list(&x->r, DH_ROUTER_ESCALATE_REASONS);
	} else {
		action(x, REQ_ACT_REASSIGN, DHIST_BY_ROUTER, at);
		bool down = s->level > LADDER_NEIGHBOURHOOD && unit(&x->r) < P_REASSIGN_DOWN;
		x->out->act.level = down ? s->level - 1 : 0;
	}
}

static void decide_closed(decider *x)
{
	const dhist_situation *s = x->s;
	if ((s->flags & DHIST_F_REDONE) || unit(&x->r) >= P_REDO_CLOSED)
		return;
	int64_t at = s->since + demo_rng_range(&x->r, CAL_DAY_S, REDO_DAYS_MAX * CAL_DAY_S);
	action(x, REQ_ACT_REDO, DHIST_BY_SUPERVISOR,
	       at < s->now + DHIST_MIN_DELAY_S ? s->now + DHIST_MIN_DELAY_S : at);
	x->out->act.reason = "回访核查发现问题没有彻底解决，重新办理";
	x->out->set_flags = DHIST_F_REDONE;
}

void dhist_decide(const dhist_params *p, const dhist_situation *s, dhist_decision *out)
{
	*out = (dhist_decision){.move = DHIST_MOVE_NONE, .merge_ordinal = -1};
	decider x = {.p = p, .s = s, .cat = dh_category_find(s->category), .out = out};
	stream(&x.r, p->seed, s->ordinal, SALT_MOVE + (uint64_t)s->step);
	switch (s->state) {
	case REQ_DISPATCHED: decide_dispatched(&x); break;
	case REQ_ACCEPTED: decide_accepted(&x); break;
	case REQ_RESOLVED: decide_resolved(&x); break;
	case REQ_RETURNED: decide_returned(&x); break;
	case REQ_CLOSED: decide_closed(&x); break;
	default: break;
	}
}
