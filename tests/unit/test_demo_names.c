/*
 * test_demo_names.c - unit tests for src/domain/demo_names.c: the PRNG is
 * deterministic, stable across builds and unbiased enough; ID numbers
 * pass the ISO 7064 MOD 11-2 check and carry birth date and gender;
 * phones have real prefixes; names and places are well-formed UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo_names.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Draws per statistical or property test. */
#define SAMPLES 20000

/* Largest code point count a decoded test string may have. */
#define MAX_CODEPOINTS 32

/* Decode UTF-8 s into cps; returns the count, or -1 when s is not valid
 * UTF-8 (overlong forms, surrogates and stray bytes included). */
static int utf8_decode(const char *s, uint32_t *cps, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		uint32_t c;
		int extra;

		if (*p < 0x80) {
			c = *p;
			extra = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p & 0x1f;
			extra = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p & 0x0f;
			extra = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			c = *p & 0x07;
			extra = 3;
		} else {
			return -1;
		}
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (*p & 0x3f);
		}
		if ((extra == 1 && c < 0x80) || (extra == 2 && c < 0x800) ||
		    (extra == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff) || n >= max)
			return -1;
		cps[n++] = c;
	}
	return n;
}

static bool is_cjk(uint32_t c)
{
	return c >= 0x4e00 && c <= 0x9fff;
}

/* Valid UTF-8 made only of CJK ideographs, min..max of them. */
static void assert_cjk_text(const char *s, int min, int max)
{
	uint32_t cps[MAX_CODEPOINTS];
	int n = utf8_decode(s, cps, MAX_CODEPOINTS);

	if (n < min || n > max)
		fail_msg("\"%s\" has %d characters, want %d..%d", s, n, min,
			 max);
	for (int i = 0; i < n; i++) {
		if (!is_cjk(cps[i]))
			fail_msg("\"%s\": U+%04X is not an ideograph", s,
				 (unsigned)cps[i]);
	}
}

/* True when the last code points of s spell suffix. */
static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ISO 7064 MOD 11-2 in its textbook form: with weights 2^(17-i) mod 11
 * and X standing for 10, the weighted sum of all 18 characters is 1
 * modulo 11. Written independently of the generator. */
static bool id_checksum_ok(const char *id)
{
	int sum = 0;
	int w = 1;

	if (strlen(id) != DEMO_ID_LEN)
		return false;
	for (int i = DEMO_ID_LEN - 1; i >= 0; i--) {
		int v;

		if (id[i] >= '0' && id[i] <= '9')
			v = id[i] - '0';
		else if (id[i] == 'X' && i == DEMO_ID_LEN - 1)
			v = 10;
		else
			return false;
		sum += v * w;
		w = (w * 2) % 11;
	}
	return sum % 11 == 1;
}

static void test_rng_known_answer(void **state)
{
	(void)state;
	/* Reference xoshiro256** seeded by splitmix64(42), computed with an
	 * independent implementation: demo data must not change between
	 * builds. */
	static const uint64_t want[] = {
		0x15780b2e0c2ec716u, 0x6104d9866d113a7eu,
		0xae17533239e499a1u, 0xecb8ad4703b360a1u,
	};
	demo_rng rng;

	demo_rng_seed(&rng, 42);
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		assert_true(demo_rng_next(&rng) == want[i]);
}

static void test_rng_range_and_weights(void **state)
{
	(void)state;
	static const uint32_t weights[] = {1, 0, 3};
	size_t hits[3] = {0, 0, 0};
	int seen[7] = {0};
	demo_rng rng;

	demo_rng_seed(&rng, 7);
	for (int i = 0; i < SAMPLES; i++) {
		int64_t v = demo_rng_range(&rng, -3, 3);

		assert_in_range(v + 3, 0, 6);
		seen[v + 3]++;
		hits[demo_rng_pick_weighted(&rng, weights, 3)]++;
	}
	for (int i = 0; i < 7; i++)
		assert_in_range(seen[i], SAMPLES / 7 * 9 / 10,
				SAMPLES / 7 * 11 / 10);
	assert_int_equal(hits[1], 0);
	assert_in_range(hits[2], hits[0] * 5 / 2, hits[0] * 7 / 2);
	assert_int_equal(demo_rng_range(&rng, 5, 5), 5);
	(void)demo_rng_range(&rng, INT64_MIN, INT64_MAX);
}

/* Generate one of everything into the fields of a sample. */
struct sample {
	char name[DEMO_NAME_SIZE];
	char id[DEMO_ID_SIZE];
	char phone[DEMO_PHONE_SIZE];
	char address[DEMO_TEXT_SIZE];
	char compound[DEMO_TEXT_SIZE];
	char group[DEMO_TEXT_SIZE];
};

static void make_sample(demo_rng *rng, struct sample *s)
{
	demo_date birth;
	demo_gender g = demo_rng_gender(rng);

	memset(s, 0, sizeof *s); /* so samples compare byte for byte */
	assert_int_equal(demo_birth_date(rng, 1985, &birth), FQ_OK);
	assert_int_equal(demo_person_name(rng, g, s->name, sizeof s->name),
			 FQ_OK);
	assert_int_equal(demo_id_number(rng, &birth, g, s->id, sizeof s->id),
			 FQ_OK);
	assert_int_equal(demo_phone(rng, s->phone, sizeof s->phone), FQ_OK);
	assert_int_equal(demo_street_address(rng, s->address,
					     sizeof s->address),
			 FQ_OK);
	assert_int_equal(demo_compound_name(rng, s->compound,
					    sizeof s->compound),
			 FQ_OK);
	assert_int_equal(demo_group_name(rng, s->group, sizeof s->group),
			 FQ_OK);
}

static void test_determinism(void **state)
{
	(void)state;
	demo_rng a, b, c;
	struct sample sa, sb, sc;
	int differ = 0;

	demo_rng_seed(&a, 20240601);
	demo_rng_seed(&b, 20240601);
	demo_rng_seed(&c, 20240602);
	for (int i = 0; i < 100; i++) {
		make_sample(&a, &sa);
		make_sample(&b, &sb);
		make_sample(&c, &sc);
		assert_memory_equal(&sa, &sb, sizeof sa);
		differ += strcmp(sa.id, sc.id) != 0;
	}
	assert_true(differ > 90);
}

static void test_id_numbers(void **state)
{
	(void)state;
	static const demo_date dates[] = {
		{1900, 1, 1}, {1956, 2, 29}, {1985, 7, 15}, {2000, 2, 29},
		{2023, 12, 31}, {2099, 6, 30},
	};
	demo_rng rng;
	char id[DEMO_ID_SIZE];
	char want_date[DEMO_TEXT_SIZE];
	int x_seen = 0;

	demo_rng_seed(&rng, 430181);
	for (int i = 0; i < SAMPLES; i++) {
		const demo_date *d = &dates[(size_t)i % ARRAY_LEN(dates)];
		demo_gender g = (i & 1) ? DEMO_MALE : DEMO_FEMALE;

		assert_int_equal(demo_id_number(&rng, d, g, id, sizeof id),
				 FQ_OK);
		if (!id_checksum_ok(id))
			fail_msg("bad checksum: %s", id);
		assert_memory_equal(id, "430181", 6);
		snprintf(want_date, sizeof want_date, "%04d%02d%02d", d->year,
			 d->month, d->day);
		assert_memory_equal(id + 6, want_date, 8);
		assert_int_equal((id[16] - '0') % 2, g == DEMO_MALE ? 1 : 0);
		assert_false(memcmp(id + 14, "000", 3) == 0);
		x_seen += id[17] == 'X';
	}
	assert_true(x_seen > 0);

	/* A known real-format example: the check character of
	 * 11010519491231002 is X. */
	assert_true(id_checksum_ok("11010519491231002X"));
	assert_false(id_checksum_ok("110105194912310021"));
}

static void test_id_rejects_bad_input(void **state)
{
	(void)state;
	static const demo_date bad[] = {
		{1900, 2, 29}, {2023, 2, 29}, {2023, 4, 31}, {2023, 13, 1},
		{2023, 0, 10}, {1899, 12, 31}, {2100, 1, 1},
	};
	demo_date ok = {1990, 5, 20};
	demo_date out = {0, 0, 0};
	demo_rng rng;
	char id[DEMO_ID_SIZE] = "unchanged";

	demo_rng_seed(&rng, 1);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(demo_id_number(&rng, &bad[i], DEMO_MALE, id,
						sizeof id),
				 FQ_EINVAL);
	assert_int_equal(demo_id_number(&rng, &ok, DEMO_MALE, id,
					DEMO_ID_SIZE - 1),
			 FQ_ETOOBIG);
	assert_string_equal(id, "unchanged");
	assert_int_equal(demo_birth_date(&rng, 1899, &out), FQ_EINVAL);
	assert_int_equal(out.year, 0);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(demo_birth_date(&rng, 2000, &out), FQ_OK);
		assert_int_equal(demo_id_number(&rng, &out, DEMO_FEMALE, id,
						sizeof id),
				 FQ_OK);
	}
}

static void test_phones(void **state)
{
	(void)state;
	/* Mainland mobile prefixes in real use (MIIT allocations). */
	static const char *const valid[] = {
		"130", "131", "132", "133", "134", "135", "136", "137", "138",
		"139", "145", "147", "150", "151", "152", "153", "155", "156",
		"157", "158", "159", "166", "173", "175", "176", "177", "178",
		"180", "181", "182", "183", "184", "185", "186", "187", "188",
		"189", "191", "193", "195", "196", "197", "198", "199",
	};
	demo_rng rng;
	char phone[DEMO_PHONE_SIZE];
	char small[DEMO_PHONE_LEN];

	demo_rng_seed(&rng, 138);
	for (int i = 0; i < SAMPLES; i++) {
		bool prefix_ok = false;

		assert_int_equal(demo_phone(&rng, phone, sizeof phone), FQ_OK);
		assert_int_equal(strlen(phone), DEMO_PHONE_LEN);
		assert_int_equal(strspn(phone, "0123456789"), DEMO_PHONE_LEN);
		for (size_t k = 0; k < ARRAY_LEN(valid); k++)
			prefix_ok |= memcmp(phone, valid[k], 3) == 0;
		if (!prefix_ok)
			fail_msg("bad prefix: %s", phone);
	}
	assert_int_equal(demo_phone(&rng, small, sizeof small), FQ_ETOOBIG);
}

static void test_person_names(void **state)
{
	(void)state;
	demo_rng rng;
	char name[DEMO_NAME_SIZE];
	bool first_seen[0x10000] = {false};
	int distinct = 0, wang = 0, wen = 0, compound = 0;

	demo_rng_seed(&rng, 2024);
	for (int i = 0; i < SAMPLES; i++) {
		uint32_t cps[MAX_CODEPOINTS];
		demo_gender g = (i % 3) ? DEMO_FEMALE : DEMO_MALE;

		assert_int_equal(demo_person_name(&rng, g, name, sizeof name),
				 FQ_OK);
		assert_cjk_text(name, 2, 4);
		assert_int_equal(utf8_decode(name, cps, MAX_CODEPOINTS) > 0, 1);
		if (!first_seen[cps[0]]) {
			first_seen[cps[0]] = true;
			distinct++;
		}
		wang += cps[0] == 0x738b; /* 王 */
		wen += cps[0] == 0x6587;  /* 文 */
		compound += strncmp(name, "欧阳", strlen("欧阳")) == 0;
	}
	/* More than 80 surnames appear, drawn by frequency: 王 is about
	 * 7% of people, 文 about 0.1%. */
	assert_true(distinct >= 80);
	assert_in_range(wang, SAMPLES * 5 / 100, SAMPLES * 9 / 100);
	assert_true(wen < wang / 20);
	assert_true(compound > 0);
	assert_int_equal(demo_person_name(&rng, DEMO_MALE, name, 4),
			 FQ_ETOOBIG);
}

static void test_places(void **state)
{
	(void)state;
	demo_rng rng;
	char text[DEMO_TEXT_SIZE];

	demo_rng_seed(&rng, 88);
	for (int i = 0; i < SAMPLES / 10; i++) {
		assert_int_equal(demo_road_name(&rng, text, sizeof text), FQ_OK);
		assert_cjk_text(text, 2, 6);
		assert_true(ends_with(text, "路") || ends_with(text, "街") ||
			    ends_with(text, "巷") || ends_with(text, "大道"));

		assert_int_equal(demo_street_address(&rng, text, sizeof text),
				 FQ_OK);
		assert_true(ends_with(text, "号"));
		assert_non_null(strpbrk(text, "0123456789"));

		assert_int_equal(demo_compound_name(&rng, text, sizeof text),
				 FQ_OK);
		assert_cjk_text(text, 3, 6);
		assert_true(ends_with(text, "小区") || ends_with(text, "花园") ||
			    ends_with(text, "苑") || ends_with(text, "园") ||
			    ends_with(text, "城") || ends_with(text, "公馆"));

		assert_int_equal(demo_group_name(&rng, text, sizeof text),
				 FQ_OK);
		assert_cjk_text(text, 3, 3);
		assert_true(ends_with(text, "组"));
	}
	assert_int_equal(demo_street_address(&rng, text, 4), FQ_ETOOBIG);
}

static void test_communities_and_villages(void **state)
{
	(void)state;
	for (size_t i = 0; i < DEMO_COMMUNITY_COUNT; i++) {
		const char *name = demo_community_name(i);

		assert_non_null(name);
		assert_cjk_text(name, 4, 6);
		assert_true(ends_with(name, "社区"));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(name, demo_community_name(j));
	}
	for (size_t i = 0; i < DEMO_VILLAGE_COUNT; i++) {
		const char *name = demo_village_name(i);

		assert_non_null(name);
		assert_cjk_text(name, 2, 5);
		assert_true(ends_with(name, "村"));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(name, demo_village_name(j));
	}
	assert_string_equal(demo_community_name(0), "集里社区");
	assert_null(demo_community_name(DEMO_COMMUNITY_COUNT));
	assert_null(demo_village_name(DEMO_VILLAGE_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_known_answer),
		cmocka_unit_test(test_rng_range_and_weights),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_id_numbers),
		cmocka_unit_test(test_id_rejects_bad_input),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_person_names),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_communities_and_villages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
