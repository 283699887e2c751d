/*
 * test_mediation_svc.c - unit tests for the cloud-mediation service over a
 * real store (src/domain/mediation_svc.c, mediation_svc_links.c): who takes
 * part in a case, posting and the thread read back with its audited read,
 * retracting one's own message only, and a party link traded for a party
 * session that stops at the link's revocation, inside the post job too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/mediation_svc.h"
#include "svc_cases_fixture.h"

/* What a post by actor in case id needs (party_hash NULL: an account). */
static medsvc_by by_of(svc_fixture *f, int64_t id, med_actor actor, const unsigned char *hash)
{
	return (medsvc_by){.a = f->a, .dispute_id = id, .actor = actor, .party_hash = hash,
			   .peer = "127.0.0.1", .now = fq_now_ms() / 1000};
}

static fq_status post(svc_fixture *f, medsvc_by by, const char *body, store_med_message *out)
{
	medsvc_post_job j = {.by = by, .body = body};
	medsvc_post_job_init(&j);
	fq_status st = svc_write(f->s, &j.job);
	if (st == FQ_OK && out)
		*out = j.msg;
	return st;
}

static void test_actor_post_read(void **state)
{
	svc_fixture *f = *state;
	int64_t id = svc_dispute(f);
	fq_err err = {0};
	med_actor actor;
	assert_int_equal(medsvc_actor(f->s, f->a, &f->far, id, &actor, &err), FQ_ENOTFOUND);
	assert_int_equal(medsvc_actor(f->s, f->a, &f->com, id, &actor, &err), FQ_OK);
	assert_int_equal(actor.account_id, 1);
	store_med_message m;
	assert_int_equal(post(f, by_of(f, id, actor, NULL), "请双方周五到场", &m), FQ_OK);
	assert_string_equal(m.body, "请双方周五到场");
	medsvc_view v;
	assert_int_equal(medsvc_view_load(f->s, f->a, id, 0, &v, &err), FQ_OK);
	assert_true(v.full);
	assert_int_equal(v.n_msgs, 1);
	assert_int_equal(v.n_parties, 2);
	medsvc_read_job r = {.by = by_of(f, id, actor, NULL), .v = &v};
	medsvc_read_job_init(&r);
	assert_int_equal(svc_write(f->s, &r.job), FQ_OK);
	store_med_case *rows = NULL;
	size_t n = 0;
	assert_int_equal(medsvc_cases(f->s, f->a, &f->com, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(medsvc_mine(f->s, f->a, &f->com, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
}

static void test_retract(void **state)
{
	svc_fixture *f = *state;
	int64_t id = svc_dispute(f);
	fq_err err = {0};
	med_actor mine, other;
	assert_int_equal(medsvc_actor(f->s, f->a, &f->com, id, &mine, &err), FQ_OK);
	assert_int_equal(medsvc_actor(f->s, f->a, &f->gw, id, &other, &err), FQ_OK);
	store_med_message m;
	assert_int_equal(post(f, by_of(f, id, mine, NULL), "说错了", &m), FQ_OK);
	medsvc_retract_job j = {.by = by_of(f, id, other, NULL), .mid = m.id};
	medsvc_retract_job_init(&j);
	assert_int_not_equal(svc_write(f->s, &j.job), FQ_OK);
	j.by = by_of(f, id, mine, NULL);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	assert_true(j.msg.retracted_at > 0);
}

/* Make a link to the first party of case id; its token in token. */
static int64_t make_link(svc_fixture *f, int64_t id, char token[MED_TOKEN_SIZE])
{
	fq_err err = {0};
	medsvc_view v;
	assert_int_equal(medsvc_view_load(f->s, f->a, id, 0, &v, &err), FQ_OK);
	medsvc_link_job j = {.a = f->a, .peer = "127.0.0.1"};
	medsvc_link_job_init(&j);
	j.l = (store_med_link){.dispute_id = id, .party_id = v.parties[0].id, .created_by = 1,
			       .created_at = fq_now_ms() / 1000};
	assert_int_equal(med_link_expiry(j.l.created_at, MED_LINK_TTL_DEFAULT_S, &j.l.expires_at,
					 &err),
			 FQ_OK);
	assert_int_equal(medsvc_link_party(f->s, f->a, &f->com, id, j.l.party_id, &j.l.party_name,
					   &err),
			 FQ_OK);
	assert_int_equal(medsvc_link_party(f->s, f->a, &f->com, id, 999999, &j.l.party_name, &err),
			 FQ_EINVAL);
	assert_int_equal(med_token_new(token), FQ_OK);
	med_token_hash(token, j.hash);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	return j.l.id;
}

static void test_link_join_revoke(void **state)
{
	svc_fixture *f = *state;
	int64_t id = svc_dispute(f);
	char token[MED_TOKEN_SIZE];
	int64_t link = make_link(f, id, token);
	fq_err err = {0};
	store_med_link *ls = NULL;
	size_t n = 0;
	assert_int_equal(medsvc_links(f->s, f->a, &f->com, id, &ls, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(medsvc_links(f->s, f->a, &f->far, id, &ls, &n, &err), FQ_ENOTFOUND);
	medsvc_join_job join = {.a = f->a, .now = fq_now_ms() / 1000, .peer = "127.0.0.1"};
	medsvc_join_job_init(&join);
	med_token_hash(token, join.link_hash);
	assert_int_equal(medsvc_join_prepare(f->s, &join, &err), FQ_OK);
	assert_int_equal(svc_write(f->s, &join.job), FQ_OK);
	store_med_psession s;
	assert_int_equal(medsvc_party_session(f->s, f->a, join.session_hash, join.now, &s, &err),
			 FQ_OK);
	med_actor party = {.party_id = s.party_id, .link_id = s.link_id};
	assert_int_equal(post(f, by_of(f, id, party, join.session_hash), "我同意", NULL), FQ_OK);
	medsvc_revoke_job r = {.a = f->a, .id = link, .account_id = 1, .now = join.now,
			       .peer = "127.0.0.1"};
	medsvc_revoke_job_init(&r);
	assert_int_equal(medsvc_link(f->s, f->a, &f->com, link, &r.l, &err), FQ_OK);
	assert_int_equal(svc_write(f->s, &r.job), FQ_OK);
	assert_true(r.l.revoked_at > 0);
	assert_int_equal(medsvc_party_session(f->s, f->a, join.session_hash, join.now + 1, &s, &err),
			 FQ_EUNAUTH);
	assert_int_equal(post(f, by_of(f, id, party, join.session_hash), "还在吗", NULL),
			 FQ_EUNAUTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_actor_post_read, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_retract, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_link_join_revoke, svc_setup, svc_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
