/*
 * test_dispute_svc.c - unit tests for the disputes service over a real
 * store (src/domain/dispute_svc.c, dispute_svc_read.c): a case registered
 * as a job and read back within the caller's reach only, an action job and
 * a refused one that changes nothing, the unmasked phone for the roles
 * that may see it with its audited reveal, and the statistics of a unit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "svc_cases_fixture.h"

/* A case registered by the community officer, read back whole into k. */
static int64_t registered(svc_fixture *f, store_dispute_case *k)
{
	int64_t id = svc_dispute(f);
	fq_err err = {0};
	assert_true(id > 0);
	assert_int_equal(dspsvc_case(f->s, f->a, NULL, id, k, &err), FQ_OK);
	return id;
}

static void test_create_and_read(void **state)
{
	svc_fixture *f = *state;
	int64_t id = svc_dispute(f);
	assert_true(id > 0);
	fq_err err = {0};
	store_dispute_case k;
	assert_int_equal(dspsvc_case(f->s, f->a, &f->com, id, &k, &err), FQ_OK);
	assert_string_equal(k.d.title, "楼上漏水");
	assert_int_equal(k.n_parties, 2);
	assert_int_equal(dspsvc_case(f->s, f->a, &f->far, id, &k, &err), FQ_ENOTFOUND);
	assert_string_equal(err.field, "id");
	store_dispute_filter flt = {.limit = 10};
	store_dispute *rows = NULL;
	size_t n = 0;
	assert_int_equal(dspsvc_cases(f->s, f->a, &f->com, &flt, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 1);
	store_dispute_filter none = {.limit = 10};
	assert_int_equal(dspsvc_cases(f->s, f->a, &f->far, &none, &rows, &n, &err), FQ_OK);
	assert_int_equal(n, 0);
}

static void test_act_job(void **state)
{
	svc_fixture *f = *state;
	store_dispute_case k;
	fq_err err = {0};
	int64_t id = registered(f, &k);
	dspsvc_act_job j = {.a = f->a, .who = &f->com, .id = id, .now = fq_now_ms() / 1000,
			    .in = {.act = DSP_ACT_AGREE, .party_id = k.parties[0].id}};
	dspsvc_act_job_init(&j);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
	/* a party of no case: refused, and the case stays as it was */
	dspsvc_act_job bad = j;
	bad.in.party_id = k.parties[1].id + 100;
	bad.job.st = FQ_OK;
	assert_int_not_equal(svc_write(f->s, &bad.job), FQ_OK);
	store_dispute_case after;
	assert_int_equal(dspsvc_case(f->s, f->a, NULL, id, &after, &err), FQ_OK);
	assert_string_equal(after.d.state, dsp_state_name(j.res.state));
	/* out of the caller's reach: not found */
	dspsvc_act_job far = j;
	far.who = &f->far;
	assert_int_equal(svc_write(f->s, &far.job), FQ_ENOTFOUND);
}

static void test_party_phone(void **state)
{
	svc_fixture *f = *state;
	store_dispute_case k;
	fq_err err = {0};
	int64_t id = registered(f, &k);
	const char *phone = NULL;
	assert_int_equal(dspsvc_party_phone(f->s, f->a, &f->gw, id, k.parties[0].id, &phone, &err),
			 FQ_EFORBIDDEN);
	assert_int_equal(dspsvc_party_phone(f->s, f->a, &f->com, id, 999999, &phone, &err),
			 FQ_ENOTFOUND);
	assert_int_equal(dspsvc_party_phone(f->s, f->a, &f->com, id, k.parties[0].id, &phone, &err),
			 FQ_OK);
	assert_string_equal(phone, "13800000001");
	dspsvc_reveal_job j = {.account_id = 1, .party_id = k.parties[0].id, .address = "127.0.0.1"};
	dspsvc_reveal_job_init(&j);
	assert_int_equal(svc_write(f->s, &j.job), FQ_OK);
}

static void test_stats(void **state)
{
	svc_fixture *f = *state;
	assert_true(svc_dispute(f) > 0);
	int64_t now = fq_now_ms() / 1000;
	cal_date today = cal_date_of(now);
	dspsvc_stats v;
	fq_err err = {0};
	assert_int_equal(dspsvc_stats_read(f->s, f->a, &f->com, 2, today, today, now, &v, &err),
			 FQ_OK);
	assert_string_equal(v.unit.name, "社区");
	assert_int_equal(v.open, 1);
	assert_int_equal(dspsvc_stats_read(f->s, f->a, &f->far, 2, today, today, now, &v, &err),
			 FQ_ENOTFOUND);
	assert_string_equal(err.field, "unit_id");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_read, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_act_job, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_party_phone, svc_setup, svc_teardown),
		cmocka_unit_test_setup_teardown(test_stats, svc_setup, svc_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
