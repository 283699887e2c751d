/*
 * test_core.c - the small shared pieces: settings precedence (file, then
 * environment, then flags) and bounds, RFC 3339 in Asia/Shanghai, the
 * arena and the capped buffer, the status table and the rule a failure
 * names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/status.h"
#include "core/timeutil.h"

static void test_config_precedence(void **state)
{
	(void)state;
	char path[] = "/tmp/fq-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "# a comment\nport = 9001\nthreads = 3\ndb_path = /srv/a.db\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	fq_config cfg;
	fq_err err = {0};
	fq_config_defaults(&cfg);
	assert_int_equal(cfg.port, 8080);
	assert_int_equal(fq_config_load_file(&cfg, path, 1, &err), FQ_OK);
	assert_int_equal(cfg.port, 9001);
	setenv("FENGQIAO_PORT", "9002", 1);
	assert_int_equal(fq_config_load_env(&cfg, &err), FQ_OK);
	assert_int_equal(cfg.port, 9002);
	assert_int_equal(cfg.threads, 3);
	assert_int_equal(fq_config_set(&cfg, "port", "9003", &err), FQ_OK);
	assert_int_equal(cfg.port, 9003);
	assert_string_equal(cfg.db_path, "/srv/a.db");
	unsetenv("FENGQIAO_PORT");
	unlink(path);
}

static void test_config_bounds(void **state)
{
	(void)state;
	fq_config cfg;
	fq_err err = {0};
	fq_config_defaults(&cfg);
	assert_int_equal(fq_config_set(&cfg, "port", "70000", &err), FQ_EINVAL);
	assert_string_equal(err.field, "port");
	assert_int_equal(fq_config_set(&cfg, "max-body", "12x", &err), FQ_EINVAL);
	assert_int_equal(fq_config_set(&cfg, "nonsense", "1", &err), FQ_ENOTFOUND);
	assert_int_equal(cfg.port, 8080);
	assert_int_equal(cfg.header_timeout_s, 5);
	assert_int_equal(fq_config_set(&cfg, "header-timeout-s", "0", &err), FQ_EINVAL);
	assert_int_equal(fq_config_set(&cfg, "header_timeout_s", "10", &err), FQ_OK);
	assert_int_equal(cfg.header_timeout_s, 10);
	assert_int_equal(fq_config_load_file(&cfg, "/nonexistent/fq.conf", 0, &err), FQ_OK);
	assert_int_equal(fq_config_load_file(&cfg, "/nonexistent/fq.conf", 1, &err), FQ_EIO);
}

/* A setting with a list of values takes one of them and nothing else;
 * the living demo is off unless set. */
static void test_config_choices(void **state)
{
	(void)state;
	fq_config cfg;
	fq_err err = {0};
	fq_config_defaults(&cfg);
	assert_string_equal(cfg.tile_crs, "wgs84");
	assert_int_equal(cfg.demo_live, 0);
	assert_int_equal(fq_config_set(&cfg, "tile-crs", "gcj02", &err), FQ_OK);
	assert_string_equal(cfg.tile_crs, "gcj02");
	assert_int_equal(fq_config_set(&cfg, "tile_crs", "bd09", &err), FQ_EINVAL);
	assert_string_equal(err.field, "tile_crs");
	assert_int_equal(fq_config_set(&cfg, "tile_crs", "", &err), FQ_EINVAL);
	assert_int_equal(fq_config_set(&cfg, "tile_crs", "wgs8", &err), FQ_EINVAL);
	assert_string_equal(cfg.tile_crs, "gcj02");
	assert_int_equal(fq_config_set(&cfg, "demo_live", "-1", &err), FQ_EINVAL);
}

static void test_config_public_url(void **state)
{
	(void)state;
	fq_config cfg;
	fq_err err = {0};
	fq_config_defaults(&cfg);
	assert_string_equal(cfg.public_url, "");
	assert_int_equal(cfg.metrics_public, 0);
	assert_int_equal(fq_config_set(&cfg, "public-url", "https://fq.example.org/", &err), FQ_OK);
	assert_string_equal(cfg.public_url, "https://fq.example.org");
	assert_int_equal(fq_config_set(&cfg, "public_url", "http://[::1]:8080/fq", &err), FQ_OK);
	assert_string_equal(cfg.public_url, "http://[::1]:8080/fq");
	const char *bad[] = {"fq.example.org", "ftp://x", "https://", "https://a b",
			     "https://x/\"><script>", "https://x/?a=1", "https://x/#t=1",
			     "javascript:alert(1)", "https://user@x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(fq_config_set(&cfg, "public_url", bad[i], &err), FQ_EINVAL);
		assert_string_equal(err.field, "public_url");
		assert_string_equal(cfg.public_url, "");
	}
	setenv("FENGQIAO_PUBLIC_URL", "https://env.example.org", 1);
	assert_int_equal(fq_config_load_env(&cfg, &err), FQ_OK);
	assert_string_equal(cfg.public_url, "https://env.example.org");
	unsetenv("FENGQIAO_PUBLIC_URL");
	assert_int_equal(fq_config_set(&cfg, "public_url", "", &err), FQ_OK);
	assert_string_equal(cfg.public_url, "");
	assert_int_equal(fq_config_set(&cfg, "metrics_public", "2", &err), FQ_EINVAL);
}

static void test_time_format_and_parse(void **state)
{
	(void)state;
	char buf[40];
	/* 2026-01-01T00:00:00Z is 08:00 in Shanghai */
	assert_string_equal(fq_time_rfc3339(1767225600, buf, sizeof buf), "2026-01-01T08:00:00+08:00");
	int64_t t;
	assert_int_equal(fq_time_parse("2026-01-01T08:00:00+08:00", &t), 0);
	assert_int_equal(t, 1767225600);
	assert_int_equal(fq_time_parse("2026-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 1767225600);
	assert_int_equal(fq_time_parse("2026-01-01", &t), 0); /* midnight Shanghai */
	assert_int_equal(t, 1767225600 - 8 * 3600);
	assert_int_equal(fq_time_parse("2026-02-30", &t), -1);
	assert_int_equal(fq_time_parse("2026-1-1", &t), -1);
	assert_int_equal(fq_time_parse("2026-01-01T25:00:00Z", &t), -1);
	assert_int_equal(fq_time_parse("2026-01-01T08:00:00", &t), -1);
}

static void test_arena(void **state)
{
	(void)state;
	fq_arena a;
	fq_arena_init(&a);
	char *s = fq_arena_printf(&a, "%s-%d", "网格", 7);
	assert_string_equal(s, "网格-7");
	for (int i = 0; i < 1000; i++)
		assert_non_null(fq_arena_alloc(&a, 1000));
	void *big = fq_arena_alloc(&a, 3 * FQ_ARENA_CHUNK_MAX);
	assert_non_null(big);
	assert_null(fq_arena_strdup(&a, NULL));
	fq_arena_free(&a);
	fq_arena_free(NULL);
}

static void test_buf_limit(void **state)
{
	(void)state;
	fq_buf b = {.limit = 8};
	assert_int_equal(fq_buf_puts(&b, "12345"), FQ_OK);
	assert_int_equal(fq_buf_puts(&b, "6789"), FQ_ETOOBIG);
	assert_string_equal(b.data, "12345"); /* unchanged on error */
	assert_int_equal(fq_buf_printf(&b, "%d", 678), FQ_OK);
	assert_int_equal(b.len, 8);
	char *p = fq_buf_take(&b);
	assert_string_equal(p, "12345678");
	free(p);
	fq_buf_free(&b);
}

static void test_status_table(void **state)
{
	(void)state;
	assert_int_equal(fq_status_http(FQ_EINVAL), 422);
	assert_int_equal(fq_status_http(FQ_ETOOBIG), 413);
	assert_int_equal(fq_status_http(FQ_EMEDIATYPE), 415);
	assert_string_equal(fq_status_code(FQ_ENOTFOUND), "not_found");
	for (int s = 0; s < FQ_STATUS_COUNT; s++)
		assert_non_null(fq_status_code((fq_status)s));
}

/* fq_failr names the rule; a later fq_fail on the same struct names none. */
static void test_fail_rule(void **state)
{
	(void)state;
	fq_err err = {0};
	assert_int_equal(fq_failr(&err, FQ_EINVAL, "parties", "dispute.parties_min",
				  "a dispute needs at least %d parties", 2),
			 FQ_EINVAL);
	assert_string_equal(err.field, "parties");
	assert_string_equal(err.rule, "dispute.parties_min");
	assert_string_equal(err.message, "a dispute needs at least 2 parties");
	fq_fail(&err, FQ_ECONFLICT, "state", "the meeting is closed");
	assert_string_equal(err.rule, "");
	assert_int_equal(fq_failr(NULL, FQ_EINVAL, "x", "field.required", "x"), FQ_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_precedence), cmocka_unit_test(test_config_bounds),
		cmocka_unit_test(test_config_choices),
		cmocka_unit_test(test_fail_rule),
		cmocka_unit_test(test_config_public_url),
		cmocka_unit_test(test_time_format_and_parse), cmocka_unit_test(test_arena),
		cmocka_unit_test(test_buf_limit), cmocka_unit_test(test_status_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
