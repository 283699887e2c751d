/*
 * test_council_svc.c - unit tests for the councils' service
 * (src/domain/council_svc*.c) over a real store in a temporary folder,
 * without HTTP: a proposal brought onto the agenda by the support that
 * reaches its unit's threshold; a meeting with participants, an agenda
 * item, a vote counted at closing that decides the topic, and its
 * resolution; follow-up tasks whose progress rolls up to the parent, and
 * nest no deeper than allowed; what the scope hides (404) and what it
 * forbids (403); a list's scope by unit; and the seen_by of a caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/council_svc.h"
#include "svc_fixture.h"

#define NOW 1767225600 /* 2026-01-01T08:00:00+08:00 */

/* Who lives and works there. */
#define SEED SVC_FIXTURE_STREET \
	"INSERT INTO persons(id, household_id, name) VALUES (90, 9, '甲'), (91, 9, '乙')," \
	" (92, 9, '丙');" \
	"INSERT INTO accounts(id, username, display_name, password_hash, person_id) VALUES" \
	" (1, 'com', '社区', 'x', NULL), (10, 'a', '甲', 'x', 90), (11, 'b', '乙', 'x', 91)," \
	" (12, 'c', '丙', 'x', 92), (20, 'o', '外人', 'x', NULL);" \
	"INSERT INTO account_roles VALUES (1, 'community_officer', 2), (10, 'resident', 3)," \
	" (11, 'resident', 3), (12, 'resident', 3), (20, 'resident', 4);"

typedef struct fixture {
	svc_fixture sf; /* first */
	caller staff, res[3], outsider;
} fixture;

static int setup(void **state)
{
	fixture *f = svc_fixture_new(sizeof *f, SEED);
	if (!f)
		return -1;
	f->staff = svc_fixture_caller(1, 0, ROLE_COMMUNITY_OFFICER, 2, "/1/2/");
	for (int i = 0; i < 3; i++)
		f->res[i] = svc_fixture_caller(10 + i, 90 + i, ROLE_RESIDENT, 3, "/1/2/3/");
	f->outsider = svc_fixture_caller(20, 0, ROLE_RESIDENT, 4, "/1/4/");
	*state = f;
	return 0;
}

/* Inputs with nothing sent. */
static cnlsvc_in none(void)
{
	return (cnlsvc_in){.quorum_num = -1, .quorum_den = -1, .can_vote = -1};
}

/* Run op for who on id with in as a write job; *out (may be NULL) gets
 * new_id. Returns the job's status. */
static fq_status run(fixture *f, cnlsvc_op op, const caller *who, int64_t id, cnlsvc_in in,
		     int64_t *out)
{
	cnlsvc_job j = {.a = &f->sf.a, .who = who, .now = NOW, .id = id, .in = in};
	cnlsvc_job_init(&j, op);
	fq_status st = svc_write(f->sf.s, &j.job);
	if (out)
		*out = j.new_id;
	return st;
}

static const char *topic_state(fixture *f, int64_t id)
{
	cnlsvc_topic_view v;
	fq_err err = {0};
	assert_int_equal(cnlsvc_topic(f->sf.s, &f->sf.a, &f->staff, id, &v, &err), FQ_OK);
	return v.t.state;
}

/* A proposal by a resident, in unit 2 with a threshold of 2. */
static int64_t proposal(fixture *f)
{
	cnlsvc_in in = none();
	in.supports = 2;
	assert_int_equal(run(f, CNLSVC_THRESHOLD, &f->staff, 2, in, NULL), FQ_OK);
	in = none();
	in.unit_id = 2;
	in.title = "加装电梯";
	int64_t id = 0;
	assert_int_equal(run(f, CNLSVC_TOPIC_CREATE, &f->res[0], 0, in, &id), FQ_OK);
	assert_true(id > 0);
	return id;
}

static void test_threshold_brings_agenda(void **state)
{
	fixture *f = *state;
	int64_t id = proposal(f);
	assert_string_equal(topic_state(f, id), "proposed");
	assert_int_equal(run(f, CNLSVC_TOPIC_SUPPORT, &f->res[1], id, none(), NULL), FQ_OK);
	assert_string_equal(topic_state(f, id), "supporting");
	/* the same resident twice is refused, and changes nothing */
	assert_int_not_equal(run(f, CNLSVC_TOPIC_SUPPORT, &f->res[1], id, none(), NULL), FQ_OK);
	assert_int_equal(run(f, CNLSVC_TOPIC_SUPPORT, &f->res[2], id, none(), NULL), FQ_OK);
	cnlsvc_topic_view v;
	fq_err err = {0};
	assert_int_equal(cnlsvc_topic(f->sf.s, &f->sf.a, &f->res[2], id, &v, &err), FQ_OK);
	assert_string_equal(v.t.state, "on_agenda");
	assert_int_equal(v.t.supports, 2);
	int threshold_event = 0;
	for (size_t i = 0; i < v.n_ev; i++)
		threshold_event |= strcmp(v.ev[i].event, "threshold") == 0;
	assert_true(threshold_event);
	/* on the agenda it takes no more supports */
	assert_int_equal(run(f, CNLSVC_TOPIC_SUPPORT, &f->res[0], id, none(), NULL), FQ_ECONFLICT);
}

static void test_scope(void **state)
{
	fixture *f = *state;
	int64_t id = proposal(f);
	fq_err err = {0};
	cnlsvc_topic_view v;
	/* out of sight: 404, whether read or supported */
	assert_int_equal(cnlsvc_topic(f->sf.s, &f->sf.a, &f->outsider, id, &v, &err), FQ_ENOTFOUND);
	assert_int_equal(run(f, CNLSVC_TOPIC_SUPPORT, &f->outsider, id, none(), NULL),
			 FQ_ENOTFOUND);
	/* in sight but staff's: 403 */
	assert_int_equal(run(f, CNLSVC_TOPIC_DROP, &f->res[1], id, none(), NULL), FQ_EFORBIDDEN);
	assert_int_equal(run(f, CNLSVC_TOPIC_DROP, &f->staff, id, none(), NULL), FQ_OK);
	assert_string_equal(topic_state(f, id), "dropped");
	/* a resident raises only proposals, and only in their own unit */
	cnlsvc_in in = none();
	in.unit_id = 4;
	in.title = "别处";
	assert_int_equal(run(f, CNLSVC_TOPIC_CREATE, &f->res[0], 0, in, NULL), FQ_ENOTFOUND);
	/* a list below a unit out of sight is 404; the outsider's list is empty */
	store_council_filter lf = {.limit = 10};
	store_council_topic *rows = NULL;
	size_t n = 0;
	assert_int_equal(cnlsvc_topics(f->sf.s, &f->sf.a, &f->outsider, 2, &lf, &rows, &n, &err),
			 FQ_ENOTFOUND);
	assert_string_equal(err.field, "unit");
	lf = (store_council_filter){.limit = 10};
	assert_int_equal(cnlsvc_topics(f->sf.s, &f->sf.a, &f->outsider, 0, &lf, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
	assert_string_equal(lf.seen_by, "[\"/1/4/\"]");
	lf = (store_council_filter){.limit = 10};
	assert_int_equal(cnlsvc_topics(f->sf.s, &f->sf.a, &f->res[0], 2, &lf, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
}

/* A meeting of unit 2 with the three residents, topic id on its agenda,
 * open. *item gets the agenda item. */
static int64_t open_meeting(fixture *f, int64_t topic, int64_t *item)
{
	cnlsvc_in in = none();
	in.unit_id = 2;
	in.title = "议事会";
	in.kind = "council";
	in.starts_at = NOW;
	int64_t m = 0;
	assert_int_equal(run(f, CNLSVC_MEETING_CREATE, &f->staff, 0, in, &m), FQ_OK);
	for (int i = 0; i < 3; i++) {
		in = none();
		in.kind = "resident_rep";
		in.account_id = 10 + i;
		assert_int_equal(run(f, CNLSVC_PARTICIPANT_ADD, &f->staff, m, in, NULL), FQ_OK);
	}
	in = none();
	in.topic_id = topic;
	assert_int_equal(run(f, CNLSVC_AGENDA_ADD, &f->staff, m, in, item), FQ_OK);
	assert_int_equal(run(f, CNLSVC_MEETING_OPEN, &f->staff, m, none(), NULL), FQ_OK);
	return m;
}

static fq_status ballot(fixture *f, const caller *who, int64_t vote, const char *choice)
{
	cnlsvc_in in = none();
	in.choice = choice;
	return run(f, CNLSVC_BALLOT, who, vote, in, NULL);
}

static void test_vote_decides(void **state)
{
	fixture *f = *state;
	int64_t topic = proposal(f), item = 0, vote = 0, res = 0;
	int64_t m = open_meeting(f, topic, &item);
	assert_string_equal(topic_state(f, topic), "on_agenda");
	cnlsvc_in in = none();
	in.item_id = item;
	assert_int_equal(run(f, CNLSVC_VOTE_OPEN, &f->staff, m, in, &vote), FQ_OK);
	/* no new participants and no closing while a vote is open */
	in = none();
	in.kind = "staff";
	in.name = "记录员";
	assert_int_equal(run(f, CNLSVC_PARTICIPANT_ADD, &f->staff, m, in, NULL), FQ_ECONFLICT);
	assert_int_equal(run(f, CNLSVC_MEETING_CLOSE, &f->staff, m, none(), NULL), FQ_ECONFLICT);
	assert_int_equal(ballot(f, &f->res[0], vote, "yes"), FQ_OK);
	assert_int_equal(ballot(f, &f->res[1], vote, "yes"), FQ_OK);
	assert_int_equal(ballot(f, &f->res[2], vote, "maybe"), FQ_EINVAL);
	assert_int_equal(ballot(f, &f->outsider, vote, "no"), FQ_ENOTFOUND);
	/* a resolution waits for the count */
	in = none();
	in.text = "同意加装";
	assert_int_equal(run(f, CNLSVC_RESOLUTION, &f->staff, vote, in, NULL), FQ_ECONFLICT);
	assert_int_equal(run(f, CNLSVC_VOTE_CLOSE, &f->res[0], vote, none(), NULL), FQ_EFORBIDDEN);
	assert_int_equal(run(f, CNLSVC_VOTE_CLOSE, &f->staff, vote, none(), NULL), FQ_OK);
	cnlsvc_vote_view v;
	fq_err err = {0};
	assert_int_equal(cnlsvc_vote(f->sf.s, &f->sf.a, &f->res[0], vote, &v, &err), FQ_OK);
	assert_string_equal(v.v.state, "closed");
	assert_true(v.v.passed); /* 2 of 3 cast: quorum 2/3 met, 2 yes */
	assert_true(v.has_voted);
	assert_int_equal(v.n_ballots, 2);
	assert_string_equal(topic_state(f, topic), "decided");
	assert_int_equal(run(f, CNLSVC_RESOLUTION, &f->staff, vote, in, &res), FQ_OK);
	store_council_resolution r;
	assert_int_equal(cnlsvc_resolution(f->sf.s, &f->sf.a, res, &r, &err), FQ_OK);
	assert_string_equal(r.text, "同意加装");
	assert_int_equal(run(f, CNLSVC_MEETING_CLOSE, &f->staff, m, none(), NULL), FQ_OK);
	cnlsvc_meeting_view mv;
	assert_int_equal(cnlsvc_meeting(f->sf.s, &f->sf.a, &f->res[1], m, &mv, &err), FQ_OK);
	assert_string_equal(mv.m.state, "closed");
	assert_int_equal(mv.n_parts, 3);
	assert_false(mv.staff);
	assert_true(mv.me > 0);
	cnlsvc_public p;
	assert_int_equal(cnlsvc_public_page(f->sf.s, &f->sf.a, 2, &p, &err), FQ_OK);
	assert_int_equal(p.n_decided, 1);
	assert_int_equal(p.n_meetings, 1);
	assert_int_equal(p.n_res, 1);
}

/* A passed resolution of unit 2, as test_vote_decides makes it. */
static int64_t resolution(fixture *f)
{
	int64_t topic = proposal(f), item = 0, vote = 0, res = 0;
	int64_t m = open_meeting(f, topic, &item);
	cnlsvc_in in = none();
	in.item_id = item;
	assert_int_equal(run(f, CNLSVC_VOTE_OPEN, &f->staff, m, in, &vote), FQ_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ballot(f, &f->res[i], vote, "yes"), FQ_OK);
	assert_int_equal(run(f, CNLSVC_VOTE_CLOSE, &f->staff, vote, none(), NULL), FQ_OK);
	in = none();
	in.text = "决议";
	assert_int_equal(run(f, CNLSVC_RESOLUTION, &f->staff, vote, in, &res), FQ_OK);
	return res;
}

static int64_t task(fixture *f, int64_t res, int64_t parent, fq_status want)
{
	cnlsvc_in in = none();
	in.title = "任务";
	in.deadline = NOW + 86400;
	in.owner_account_id = 10;
	in.parent_id = parent;
	int64_t id = 0;
	assert_int_equal(run(f, CNLSVC_TASK_CREATE, &f->staff, res, in, &id), want);
	return id;
}

static int progress_of(fixture *f, int64_t id)
{
	store_council_task t;
	fq_err err = {0};
	assert_int_equal(cnlsvc_task(f->sf.s, &f->sf.a, id, &t, &err), FQ_OK);
	return t.progress;
}

static void test_tasks_roll_up(void **state)
{
	fixture *f = *state;
	int64_t res = resolution(f);
	int64_t top = task(f, res, 0, FQ_OK);
	int64_t mid = task(f, res, top, FQ_OK);
	int64_t a = task(f, res, mid, FQ_OK), b = task(f, res, mid, FQ_OK);
	task(f, res, a, FQ_EINVAL); /* a fourth level */
	cnlsvc_in in = none();
	in.progress = 50;
	/* the owner reports; a parent's progress is never set by hand */
	assert_int_equal(run(f, CNLSVC_TASK_PROGRESS, &f->res[0], a, in, NULL), FQ_OK);
	assert_int_equal(run(f, CNLSVC_TASK_PROGRESS, &f->res[0], mid, in, NULL), FQ_ECONFLICT);
	assert_int_equal(run(f, CNLSVC_TASK_PROGRESS, &f->res[1], a, in, NULL), FQ_EFORBIDDEN);
	assert_int_equal(progress_of(f, mid), 25);
	assert_int_equal(progress_of(f, top), 25);
	in.progress = COUNCIL_PROGRESS_MAX;
	assert_int_equal(run(f, CNLSVC_TASK_PROGRESS, &f->res[0], a, in, NULL), FQ_OK);
	assert_int_equal(run(f, CNLSVC_TASK_PROGRESS, &f->staff, b, in, NULL), FQ_OK);
	assert_int_equal(progress_of(f, mid), COUNCIL_PROGRESS_MAX);
	assert_int_equal(progress_of(f, top), COUNCIL_PROGRESS_MAX);
	/* a card needs its own deadline, and supervisors */
	in = none();
	in.card = "yellow";
	assert_int_equal(run(f, CNLSVC_TASK_SUPERVISE, &f->staff, a, in, NULL), FQ_EINVAL);
	in.due = NOW + 86400;
	assert_int_equal(run(f, CNLSVC_TASK_SUPERVISE, &f->staff, a, in, NULL), FQ_EFORBIDDEN);
	cnlsvc_resolution_view *rows = NULL;
	size_t n = 0;
	fq_err err = {0};
	store_council_filter lf = {.limit = 10};
	assert_int_equal(cnlsvc_resolutions(f->sf.s, &f->sf.a, &f->res[0], 0, &lf, &rows, &n, &err),
			 FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].n_tasks, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_threshold_brings_agenda, setup,
						svc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, svc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vote_decides, setup,
						svc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tasks_roll_up, setup,
						svc_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
