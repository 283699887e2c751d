/*
 * test_person.c - unit tests for src/domain/person.c: resident ID format,
 * birth date and check character; mobile and landline numbers; and every
 * masker, including buffers that are exactly big enough and one byte short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "domain/person.h"

static void expect_id_ok(const char *id, const char *canon)
{
	char out[PERSON_ID_LEN + 1];
	fq_err err = {0};
	assert_int_equal(person_id_normalize(id, out, &err), FQ_OK);
	assert_string_equal(out, canon);
	assert_int_equal(person_id_valid(id, &err), FQ_OK);
}

static void expect_id_bad(const char *id, const char *needle)
{
	char out[PERSON_ID_LEN + 1] = "untouched";
	fq_err err = {0};
	assert_int_equal(person_id_normalize(id, out, &err), FQ_EINVAL);
	assert_string_equal(out, "untouched");
	assert_string_equal(err.field, "id_number");
	if (!strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
	assert_int_equal(person_id_valid(id, NULL), FQ_EINVAL);
}

static void test_id_valid(void **state)
{
	(void)state;
	expect_id_ok("11010519491231002X", "11010519491231002X");
	expect_id_ok("11010519491231002x", "11010519491231002X");
	expect_id_ok("430181199001011233", "430181199001011233");
	expect_id_ok("430181200002290014", "430181200002290014"); /* leap day */
	expect_id_ok("440304198506123455", "440304198506123455");
	expect_id_ok("910101199001011236", "910101199001011236");
}

static void test_id_bad_checksum(void **state)
{
	(void)state;
	expect_id_bad("110105194912310021", "check character");
	expect_id_bad("430181199001011234", "check character");
	expect_id_bad("430181199001011232", "check character");
	/* two neighbouring digits swapped */
	expect_id_bad("430181199001011323", "check character");
}

static void test_id_bad_format(void **state)
{
	(void)state;
	expect_id_bad(NULL, "required");
	expect_id_bad("", "required");
	expect_id_bad("43018119900101123", "18 characters");
	expect_id_bad("4301811990010112333", "18 characters");
	expect_id_bad("430181900101123", "18 characters"); /* 15-digit */
	expect_id_bad("43018119900101123Y", "17 digits");
	expect_id_bad("4301811990010112X3", "17 digits");
	expect_id_bad("43018119900101 233", "17 digits");
	expect_id_bad("43018119900101123\xEF", "17 digits");
	expect_id_bad("００１８１１９９００１０１１２３", "18 characters");
}

static void test_id_bad_region(void **state)
{
	(void)state;
	expect_id_bad("000000199001011232", "province");
	expect_id_bad("191201199001011234", "province");
}

static void test_id_bad_birth_date(void **state)
{
	(void)state;
	expect_id_bad("430181199013011234", "birth date"); /* month 13 */
	expect_id_bad("430181199000011234", "birth date"); /* month 0 */
	expect_id_bad("430181199002301234", "birth date"); /* 30 Feb */
	expect_id_bad("430181190002291234", "birth date"); /* 1900 not leap */
	expect_id_bad("430181199004311234", "birth date"); /* 31 Apr */
	expect_id_bad("430181199001001234", "birth date"); /* day 0 */
	expect_id_bad("430181189912311234", "birth date"); /* before 1900 */
	expect_id_bad("430181209901011234", "birth date"); /* future */
}

static void test_phone_valid(void **state)
{
	(void)state;
	static const char *const good[] = {
		"13812341234", "19912345678", "15000000000",
		"0731-83123456", "010-62345678", "0755-2345678",
		"010-62345678-801", "0731-83123456-1",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (person_phone_valid(good[i], NULL) != FQ_OK)
			fail_msg("%s should be valid", good[i]);
}

static void test_phone_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "12812341234", "10012341234", "1381234123",
		"138123412345", "1381234123a", "+8613812341234",
		"138 1234 1234", "073183123456", "0731-03123456",
		"0731-13123456", "0731-831234", "0731-831234567",
		"00731-83123456", "0031-83123456", "07-83123456",
		"0731-83123456-", "0731-83123456-1234567", "0731-83123456x1",
		"731-83123456",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fq_err err = {0};
		if (person_phone_valid(bad[i], &err) != FQ_EINVAL)
			fail_msg("%s should be invalid", bad[i]);
		assert_string_equal(err.field, "phone");
	}
	fq_err err = {0};
	assert_int_equal(person_phone_valid(NULL, &err), FQ_EINVAL);
	assert_non_null(strstr(err.message, "required"));
}

typedef fq_status (*masker)(const char *, char *, size_t);

/* Check a masker's output, and that it fits exactly strlen(want) + 1 bytes
 * and fails cleanly with one byte less. */
static void expect_mask(masker fn, const char *in, const char *want)
{
	char out[256];
	memset(out, 'Q', sizeof out);
	assert_int_equal(fn(in, out, sizeof out), FQ_OK);
	assert_string_equal(out, want);
	assert_true(strlen(out) <= strlen(in));

	size_t exact = strlen(want) + 1;
	memset(out, 'Q', sizeof out);
	assert_int_equal(fn(in, out, exact), FQ_OK);
	assert_string_equal(out, want);
	assert_int_equal(out[exact], 'Q');

	memset(out, 'Q', sizeof out);
	assert_int_equal(fn(in, out, exact - 1), FQ_ETOOBIG);
	if (exact > 1)
		assert_string_equal(out, "");
	assert_int_equal(out[exact - 1], 'Q');
}

static void test_mask_phone(void **state)
{
	(void)state;
	expect_mask(person_mask_phone, "13812341234", "138****1234");
	expect_mask(person_mask_phone, "0731-83123456", "073******3456");
	expect_mask(person_mask_phone, "1381234", "*******"); /* too short */
	expect_mask(person_mask_phone, "1381234123", "**********");
	expect_mask(person_mask_phone, "", "");
}

static void test_mask_id(void **state)
{
	(void)state;
	expect_mask(person_mask_id, "430181199001011234", "430181********1234");
	expect_mask(person_mask_id, "11010519491231002X", "110105********002X");
	expect_mask(person_mask_id, "430181900101123", "430181*****1123");
	expect_mask(person_mask_id, "4301811234", "**********");
}

static void test_mask_name(void **state)
{
	(void)state;
	expect_mask(person_mask_name, "张三", "张*");
	expect_mask(person_mask_name, "王小明", "王**");
	expect_mask(person_mask_name, "欧阳娜娜", "欧阳**");
	expect_mask(person_mask_name, "司马光", "司马*");
	expect_mask(person_mask_name, "欧阳", "欧*");
	expect_mask(person_mask_name, "欧", "*");
	expect_mask(person_mask_name, "买买提·艾力", "买*****");
	expect_mask(person_mask_name, "Li Lei", "L*****");
	expect_mask(person_mask_name, "𠀀三", "𠀀*");
	expect_mask(person_mask_name, "", "");
}

static void test_mask_address(void **state)
{
	(void)state;
	expect_mask(person_mask_address,
		    "湖南省长沙市浏阳市集里街道金沙路123号枫桥小区5栋2单元301室",
		    "湖南省长沙市浏阳市集里街道金沙路***号枫桥小区*栋*单元***室");
	expect_mask(person_mask_address, "金沙村三组十二号", "金沙村*组**号");
	expect_mask(person_mask_address, "五一路8号", "五一路*号");
	expect_mask(person_mask_address, "三亚市吉阳区迎宾路A座1203",
		    "三亚市吉阳区迎宾路*座****");
	expect_mask(person_mask_address, "枫桥小区五栋三零一室旁边",
		    "枫桥小区*栋***室旁边");
	expect_mask(person_mask_address, "幸福里１２号楼Ｂ单元",
		    "幸福里**号楼*单元");
	expect_mask(person_mask_address, "浏阳市集里街道", "浏阳市集里街道");
	expect_mask(person_mask_address, "5栋301", "*栋***");
	expect_mask(person_mask_address, "SOHO现代城B座", "SOHO现代城*座");
	expect_mask(person_mask_address, "G107国道旁", "****国道旁");
	expect_mask(person_mask_address, "", "");
}

static void test_mask_never_overflows(void **state)
{
	(void)state;
	static const masker fns[] = {person_mask_phone, person_mask_id,
				     person_mask_name, person_mask_address};
	static const char in[] = "欧阳金沙路123号Ab\xFF\xE6";
	for (size_t f = 0; f < 4; f++) {
		for (size_t size = 0; size <= sizeof in; size++) {
			char out[sizeof in + 1];
			memset(out, 'Q', sizeof out);
			fq_status st = fns[f](in, out, size);
			assert_true(st == FQ_OK || st == FQ_ETOOBIG);
			for (size_t i = size; i < sizeof out; i++)
				assert_int_equal(out[i], 'Q');
			if (size > 0)
				assert_non_null(memchr(out, '\0', size));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test(test_id_bad_checksum),
		cmocka_unit_test(test_id_bad_format),
		cmocka_unit_test(test_id_bad_region),
		cmocka_unit_test(test_id_bad_birth_date),
		cmocka_unit_test(test_phone_valid),
		cmocka_unit_test(test_phone_invalid),
		cmocka_unit_test(test_mask_phone),
		cmocka_unit_test(test_mask_id),
		cmocka_unit_test(test_mask_name),
		cmocka_unit_test(test_mask_address),
		cmocka_unit_test(test_mask_never_overflows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
