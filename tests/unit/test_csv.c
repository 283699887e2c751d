/*
 * test_csv.c - unit tests for src/core/csv.c: RFC 4180 quoting, line ends,
 * blank lines, line/column tracking, every limit at and just past its bound,
 * and the writer's quoting and formula-injection guard.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/csv.h"

#define BYTES(lit) (lit), (sizeof(lit) - 1)

/* Read every record of buf, failing the test on any error; returns how
 * many records there were. */
static size_t read_all(const char *buf, size_t len)
{
	csv_reader *r = csv_reader_new(buf, len);
	assert_non_null(r);
	csv_record rec;
	bool eof = false;
	fq_err err = {0};
	size_t n = 0;
	for (;;) {
		assert_int_equal(csv_next(r, &rec, &eof, &err), FQ_OK);
		if (eof)
			break;
		n++;
	}
	csv_reader_free(r);
	return n;
}

/* Expect the next record to have the given fields. */
static void expect_record(csv_reader *r, size_t line, size_t n,
			  const char *const *want)
{
	csv_record rec;
	bool eof = true;
	fq_err err = {0};
	assert_int_equal(csv_next(r, &rec, &eof, &err), FQ_OK);
	assert_false(eof);
	assert_int_equal(rec.line, line);
	assert_int_equal(rec.n_fields, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(rec.fields[i].value, want[i]);
		assert_int_equal(rec.fields[i].len, strlen(want[i]));
		assert_int_equal(rec.fields[i].column, i + 1);
	}
}

static void expect_eof(csv_reader *r)
{
	csv_record rec;
	bool eof = false;
	fq_err err = {0};
	assert_int_equal(csv_next(r, &rec, &eof, &err), FQ_OK);
	assert_true(eof);
	/* and it stays at the end */
	eof = false;
	assert_int_equal(csv_next(r, &rec, &eof, &err), FQ_OK);
	assert_true(eof);
}

/* Expect the next csv_next() to fail with st and a message containing
 * needle. */
static void expect_error(csv_reader *r, fq_status st, const char *needle)
{
	csv_record rec = {.n_fields = 99};
	bool eof = true;
	fq_err err = {0};
	assert_int_equal(csv_next(r, &rec, &eof, &err), st);
	assert_int_equal(rec.n_fields, 99);
	assert_true(eof);
	assert_string_equal(err.field, "csv");
	if (!strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_simple_lf(void **state)
{
	(void)state;
	static const char buf[] = "姓名,电话\n张三,13812341234\n李四,\n";
	csv_reader *r = csv_reader_new(BYTES(buf));
	expect_record(r, 1, 2, (const char *[]){"姓名", "电话"});
	expect_record(r, 2, 2, (const char *[]){"张三", "13812341234"});
	expect_record(r, 3, 2, (const char *[]){"李四", ""});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_crlf_and_no_final_newline(void **state)
{
	(void)state;
	static const char buf[] = "a,b\r\nc,d\r\ne,f";
	csv_reader *r = csv_reader_new(BYTES(buf));
	expect_record(r, 1, 2, (const char *[]){"a", "b"});
	expect_record(r, 2, 2, (const char *[]){"c", "d"});
	expect_record(r, 3, 2, (const char *[]){"e", "f"});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_bare_cr(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("a\rb\r"));
	expect_record(r, 1, 1, (const char *[]){"a"});
	expect_record(r, 2, 1, (const char *[]){"b"});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_quoted_fields(void **state)
{
	(void)state;
	static const char buf[] =
		"\"枫桥小区5栋, 301室\",\"他说\"\"你好\"\"\",\"\"\r\n"
		"\"line one\r\nline two\nline three\",x\n"
		"after,\"q\"\n";
	csv_reader *r = csv_reader_new(BYTES(buf));
	expect_record(r, 1, 3,
		      (const char *[]){"枫桥小区5栋, 301室", "他说\"你好\"", ""});
	csv_record rec;
	bool eof;
	fq_err err;
	assert_int_equal(csv_next(r, &rec, &eof, &err), FQ_OK);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[0].value,
			    "line one\r\nline two\nline three");
	assert_int_equal(rec.fields[0].line, 2);
	assert_string_equal(rec.fields[1].value, "x");
	assert_int_equal(rec.fields[1].line, 4); /* x sits on line 4 */
	assert_int_equal(rec.fields[1].column, 2);
	/* physical lines keep counting after a multi-line field */
	expect_record(r, 5, 2, (const char *[]){"after", "q"});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_literal_quote_in_plain_field(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("5'3\",a\"b\n"));
	expect_record(r, 1, 2, (const char *[]){"5'3\"", "a\"b"});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_empty_fields(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES(",,\na,\n,b\n\"\"\n"));
	expect_record(r, 1, 3, (const char *[]){"", "", ""});
	expect_record(r, 2, 2, (const char *[]){"a", ""});
	expect_record(r, 3, 2, (const char *[]){"", "b"});
	expect_record(r, 4, 1, (const char *[]){""});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_blank_lines_skipped(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("\r\na\n\n\r\nb\n\n"));
	expect_record(r, 2, 1, (const char *[]){"a"});
	expect_record(r, 5, 1, (const char *[]){"b"});
	expect_eof(r);
	csv_reader_free(r);

	assert_int_equal(read_all(BYTES("")), 0);
	assert_int_equal(read_all(BYTES("\n")), 0);
	assert_int_equal(read_all(BYTES("x\r\n")), 1);
}

static void test_bom_skipped(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("\xEF\xBB\xBF"
					     "id,name\n"));
	expect_record(r, 1, 2, (const char *[]){"id", "name"});
	expect_eof(r);
	csv_reader_free(r);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("a,b\nc,\"open\nmore\nstill\n"));
	expect_record(r, 1, 2, (const char *[]){"a", "b"});
	expect_error(r, FQ_EBADREQ, "line 2, column 2");
	expect_error(r, FQ_EBADREQ, "earlier error");
	csv_reader_free(r);
}

static void test_text_after_closing_quote(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("x\n\"a\"b,c\n"));
	expect_record(r, 1, 1, (const char *[]){"x"});
	expect_error(r, FQ_EBADREQ, "line 2, column 1");
	csv_reader_free(r);
}

static void test_nul_byte(void **state)
{
	(void)state;
	csv_reader *r = csv_reader_new(BYTES("a,b\0c\n"));
	expect_error(r, FQ_EBADREQ, "line 1, column 2: NUL");
	csv_reader_free(r);
}

/* A record of n one-letter fields, newline-terminated; caller frees. */
static char *make_fields(size_t n, size_t *len)
{
	char *buf = malloc(n * 2 + 1);
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = 'f';
		buf[2 * i + 1] = i + 1 < n ? ',' : '\n';
	}
	*len = n * 2;
	return buf;
}

static void test_field_count_limit(void **state)
{
	(void)state;
	size_t len;
	char *buf = make_fields(CSV_MAX_FIELDS, &len);
	assert_int_equal(read_all(buf, len), 1);
	free(buf);

	buf = make_fields(CSV_MAX_FIELDS + 1, &len);
	csv_reader *r = csv_reader_new(buf, len);
	expect_error(r, FQ_ETOOBIG, "line 1: more than 64 fields");
	csv_reader_free(r);
	free(buf);
}

/* "h\n" then one field of n copies of c, quoted if asked; caller frees. */
static char *make_long(size_t n, bool quoted, size_t *len)
{
	char *buf = malloc(n + 8);
	assert_non_null(buf);
	size_t i = 0;
	buf[i++] = 'h';
	buf[i++] = '\n';
	if (quoted)
		buf[i++] = '"';
	memset(buf + i, 'z', n);
	i += n;
	if (quoted)
		buf[i++] = '"';
	buf[i++] = '\n';
	*len = i;
	return buf;
}

static void test_field_length_limit(void **state)
{
	(void)state;
	for (int quoted = 0; quoted <= 1; quoted++) {
		size_t len;
		char *buf = make_long(CSV_MAX_FIELD_LEN, quoted, &len);
		csv_reader *r = csv_reader_new(buf, len);
		expect_record(r, 1, 1, (const char *[]){"h"});
		csv_record rec;
		bool eof;
		fq_err err;
		assert_int_equal(csv_next(r, &rec, &eof, &err), FQ_OK);
		assert_int_equal(rec.fields[0].len, CSV_MAX_FIELD_LEN);
		csv_reader_free(r);
		free(buf);

		buf = make_long(CSV_MAX_FIELD_LEN + 1, quoted, &len);
		r = csv_reader_new(buf, len);
		expect_record(r, 1, 1, (const char *[]){"h"});
		expect_error(r, FQ_ETOOBIG, "line 2, column 1: field longer");
		csv_reader_free(r);
		free(buf);
	}
}

static void test_record_count_limit(void **state)
{
	(void)state;
	size_t n = (size_t)CSV_MAX_RECORDS + 1;
	char *buf = malloc(n * 2);
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = '1';
		buf[2 * i + 1] = '\n';
	}
	/* exactly the limit reads fine */
	assert_int_equal(read_all(buf, (n - 1) * 2), CSV_MAX_RECORDS);

	csv_reader *r = csv_reader_new(buf, n * 2);
	csv_record rec;
	bool eof = false;
	fq_err err = {0};
	fq_status st;
	size_t got = 0;
	while ((st = csv_next(r, &rec, &eof, &err)) == FQ_OK && !eof)
		got++;
	assert_int_equal(st, FQ_ETOOBIG);
	assert_int_equal(got, CSV_MAX_RECORDS);
	assert_non_null(strstr(err.message, "line 2000001: more than"));
	csv_reader_free(r);
	free(buf);
}

static void test_free_null(void **state)
{
	(void)state;
	csv_reader_free(NULL);
}

/* Run csv_write_record into memory and return the text; caller frees. */
static char *write_one(const char *const *fields, size_t n)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	assert_int_equal(csv_write_record(f, fields, n), FQ_OK);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void expect_written(const char *const *fields, size_t n,
			   const char *want)
{
	char *got = write_one(fields, n);
	assert_string_equal(got, want);
	free(got);
}

static void test_writer_quoting(void **state)
{
	(void)state;
	expect_written((const char *[]){"张三", "13812341234"}, 2,
		       "张三,13812341234\r\n");
	expect_written((const char *[]){"a,b", "say \"hi\"", "x\ny", "r\rs"},
		       4, "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"r\rs\"\r\n");
	expect_written((const char *[]){NULL, "", "z"}, 3, ",,z\r\n");
	expect_written((const char *[]){""}, 1, "\"\"\r\n");
	expect_written(NULL, 0, "\r\n");
}

static void test_writer_formula_injection(void **state)
{
	(void)state;
	expect_written((const char *[]){"=1+1", "+86 138", "-x", "@SUM(A1)"},
		       4, "'=1+1,'+86 138,'-x,'@SUM(A1)\r\n");
	expect_written((const char *[]){"=HYPERLINK(\"http://e.vil\",\"a\")"},
		       1, "\"'=HYPERLINK(\"\"http://e.vil\"\",\"\"a\"\")\"\r\n");
	expect_written((const char *[]){"\tcmd", "\r=1"}, 2,
		       "'\tcmd,\"'\r=1\"\r\n");
	/* plain numbers are not formulas */
	expect_written((const char *[]){"-5", "+3.5", "-0.25", "12"}, 4,
		       "-5,+3.5,-0.25,12\r\n");
	/* but anything more is */
	expect_written((const char *[]){"-5+1", "-", "+.5", "-5.", "1=1"}, 5,
		       "'-5+1,'-,'+.5,'-5.,1=1\r\n");
}

static void test_writer_round_trip(void **state)
{
	(void)state;
	static const char *const row[] = {"欧阳娜娜", "枫桥小区5栋, 301室",
					  "\"quoted\"", "two\r\nlines", "=cmd"};
	char *text = write_one(row, 5);
	csv_reader *r = csv_reader_new(text, strlen(text));
	expect_record(r, 1, 5,
		      (const char *[]){"欧阳娜娜", "枫桥小区5栋, 301室",
				       "\"quoted\"", "two\r\nlines", "'=cmd"});
	expect_eof(r);
	csv_reader_free(r);
	free(text);
}

static void test_writer_bom_and_io_error(void **state)
{
	(void)state;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	assert_int_equal(csv_write_bom(f), FQ_OK);
	assert_int_equal(csv_write_record(f, (const char *[]){"a"}, 1), FQ_OK);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text, "\xEF\xBB\xBF"
				  "a\r\n");
	free(text);

	f = fopen("/dev/null", "r"); /* writes to a read-only stream fail */
	assert_non_null(f);
	assert_int_equal(csv_write_record(f, (const char *[]){"a", "b"}, 2),
			 FQ_EIO);
	assert_int_equal(csv_write_bom(f), FQ_EIO);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_lf),
		cmocka_unit_test(test_crlf_and_no_final_newline),
		cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_literal_quote_in_plain_field),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_bom_skipped),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_field_length_limit),
		cmocka_unit_test(test_record_count_limit),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_writer_quoting),
		cmocka_unit_test(test_writer_formula_injection),
		cmocka_unit_test(test_writer_round_trip),
		cmocka_unit_test(test_writer_bom_and_io_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
