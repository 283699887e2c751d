/*
 * test_load.c - unit tests for src/domain/load.c: unit and leader kinds
 * in Chinese and English, nesting, code rules (15-digit grid codes under
 * their community), text, numbers, coordinates, phones, genders,
 * relations, facts from an ID number, lists of codes and trimming.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/load.h"

#define ITEMS_MAX 8

static void test_unit_kinds(void **state)
{
	(void)state;
	assert_string_equal(load_unit_kind_parse("街道"), "street");
	assert_string_equal(load_unit_kind_parse("社区"), "community");
	assert_string_equal(load_unit_kind_parse("村"), "village");
	assert_string_equal(load_unit_kind_parse("网格"), "grid");
	assert_string_equal(load_unit_kind_parse("楼栋"), "building");
	assert_string_equal(load_unit_kind_parse("部门"), "department");
	assert_string_equal(load_unit_kind_parse("Grid"), "grid");
	assert_null(load_unit_kind_parse("小区"));
	assert_null(load_unit_kind_parse(""));
	assert_string_equal(load_unit_kind_label("village"), "村");
	assert_true(load_unit_nests(NULL, "street"));
	assert_false(load_unit_nests(NULL, "grid"));
	assert_true(load_unit_nests("street", "community"));
	assert_true(load_unit_nests("street", "village"));
	assert_true(load_unit_nests("village", "grid"));
	assert_true(load_unit_nests("grid", "building"));
	assert_true(load_unit_nests("street", "department"));
	assert_false(load_unit_nests("street", "grid"));
	assert_false(load_unit_nests("community", "building"));
	assert_false(load_unit_nests("building", "grid"));
	assert_false(load_unit_nests("street", "street"));
}

static void test_codes(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	assert_int_equal(load_code_valid("grid", "430181001001001", "430181001001", &err), FQ_OK);
	assert_int_equal(load_code_valid("grid", "430181001001001", "C-1", &err), FQ_OK);
	assert_int_equal(load_code_valid("grid", "43018100100100", NULL, &err), FQ_EINVAL);
	assert_string_equal(err.field, "code");
	assert_int_equal(load_code_valid("grid", "43018100100100X", NULL, &err), FQ_EINVAL);
	assert_int_equal(load_code_valid("grid", "430181001002001", "430181001001", &err),
			 FQ_EINVAL);
	assert_int_equal(load_code_valid("building", "B-01_a", NULL, &err), FQ_OK);
	assert_int_equal(load_code_valid("building", "B 01", NULL, &err), FQ_EINVAL);
	assert_int_equal(load_code_valid("street", "", NULL, &err), FQ_EINVAL);
	assert_int_equal(load_plain_code_valid("H-1", "code", &err), FQ_OK);
	char longcode[LOAD_CODE_MAX + 2];
	memset(longcode, '7', sizeof longcode - 1);
	longcode[sizeof longcode - 1] = '\0';
	assert_int_equal(load_plain_code_valid(longcode, "code", &err), FQ_EINVAL);
}

static void test_text_and_numbers(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	long v = 0;
	double d = 0;
	assert_int_equal(load_text_valid("集里社区", 4, false, "name", &err), FQ_OK);
	assert_int_equal(load_text_valid("集里社区", 3, false, "name", &err), FQ_EINVAL);
	assert_int_equal(load_text_valid("", 3, false, "name", &err), FQ_EINVAL);
	assert_int_equal(load_text_valid("", 3, true, "name", &err), FQ_OK);
	assert_int_equal(load_text_valid("a\tb", 9, false, "name", &err), FQ_EINVAL);
	assert_int_equal(load_text_valid("\xff", 9, false, "name", &err), FQ_EINVAL);
	assert_int_equal(load_int_parse("-2", -9, 9, "floor", &v, &err), FQ_OK);
	assert_int_equal(v, -2);
	assert_int_equal(load_int_parse("2.5", -9, 9, "floor", &v, &err), FQ_EINVAL);
	assert_int_equal(load_int_parse("10", -9, 9, "floor", &v, &err), FQ_EINVAL);
	assert_string_equal(err.field, "floor");
	assert_int_equal(load_coord_parse("28.15", -90, 90, "lat", &d, &err), FQ_OK);
	assert_true(d > 28.14 && d < 28.16);
	assert_int_equal(load_coord_parse("95", -90, 90, "lat", &d, &err), FQ_EINVAL);
	assert_int_equal(load_coord_parse("nan", -90, 90, "lat", &d, &err), FQ_EINVAL);
	assert_int_equal(load_coord_parse("28.1x", -90, 90, "lat", &d, &err), FQ_EINVAL);
}

static void test_phone(void **state)
{
	(void)state;
	fq_err err = {{0}, {0}};
	char out[LOAD_PHONE_SIZE];
	assert_int_equal(load_phone_normalize("138 1234 5678", out, &err), FQ_OK);
	assert_string_equal(out, "13812345678");
	assert_int_equal(load_phone_normalize("+8613812345678", out, &err), FQ_OK);
	assert_string_equal(out, "13812345678");
	assert_int_equal(load_phone_normalize("0731-83123456", out, &err), FQ_OK);
	assert_string_equal(out, "0731-83123456");
	assert_int_equal(load_phone_normalize("12345", out, &err), FQ_EINVAL);
	assert_string_equal(err.field, "phone");
	assert_int_equal(load_phone_normalize("1381234567812345678901234", out, &err), FQ_EINVAL);
}

static void test_people_facts(void **state)
{
	(void)state;
	int year = 0;
	const char *g = NULL;
	assert_string_equal(load_gender_parse("男"), "M");
	assert_string_equal(load_gender_parse("f"), "F");
	assert_null(load_gender_parse("未知"));
	assert_string_equal(load_gender_label("F"), "女");
	assert_true(load_relation_valid("户主"));
	assert_true(load_relation_valid("子女"));
	assert_false(load_relation_valid("朋友"));
	load_id_facts("430181199001011234", &year, &g);
	assert_int_equal(year, 1990);
	assert_string_equal(g, "M");
	load_id_facts("43018120050704124X", &year, &g);
	assert_int_equal(year, 2005);
	assert_string_equal(g, "F");
	assert_string_equal(load_leader_kind_parse("邻长"), "neighbour");
	assert_string_equal(load_leader_kind_parse("楼栋长"), "building");
	assert_string_equal(load_leader_kind_parse("单元长"), "entrance");
	assert_null(load_leader_kind_parse("组长"));
	assert_string_equal(load_leader_unit_kind("neighbour"), "grid");
	assert_string_equal(load_leader_unit_kind("entrance"), "building");
	assert_string_equal(load_leader_kind_label("building"), "楼栋长");
}

typedef struct collected {
	int n;
	char items[ITEMS_MAX][LOAD_CODE_MAX + 1];
	int too_long;
} collected;

static int collect(void *arg, const char *code, bool too_long)
{
	collected *c = arg;
	strcpy(c->items[c->n++], code);
	c->too_long += too_long;
	return c->n == ITEMS_MAX;
}

static void test_split_and_trim(void **state)
{
	(void)state;
	collected c = {0};
	assert_int_equal(load_split_codes("H1;H2/H3、H4；H5, H6", collect, &c), 0);
	assert_int_equal(c.n, 6);
	assert_string_equal(c.items[0], "H1");
	assert_string_equal(c.items[3], "H4");
	assert_string_equal(c.items[5], "H6");
	assert_int_equal(c.too_long, 0);
	collected d = {0};
	assert_int_equal(load_split_codes(";;", collect, &d), 0);
	assert_int_equal(d.n, 0);
	collected e = {0};
	char list[2 * LOAD_CODE_MAX];
	memset(list, 'A', sizeof list - 1);
	list[sizeof list - 1] = '\0';
	load_split_codes(list, collect, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.too_long, 1);
	char s1[] = " \t 集里\xe3\x80\x80 ";
	assert_string_equal(load_trim(s1), "集里");
	char s2[] = "\xe3\x80\x80";
	assert_string_equal(load_trim(s2), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_kinds),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_text_and_numbers),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_people_facts),
		cmocka_unit_test(test_split_and_trim),
	};
	return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
