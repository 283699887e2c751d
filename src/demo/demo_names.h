/*
 * demo_names.h - deterministic generators of realistic Chinese demo data
 * for a street shaped like Jili street (集里街道), Liuyang city (浏阳市),
 * Hunan (division code 430181): people's names, resident ID numbers,
 * mobile numbers, road names and addresses, residential compounds,
 * village groups, and the names of the street's 7 communities and 8
 * villages.
 *
 * Everything is driven by a seedable PRNG (xoshiro256**, seeded through
 * splitmix64), so one seed always yields the same demo database on every
 * machine. The PRNG is not for secrets.
 *
 * Text generators write a NUL-terminated UTF-8 string into a caller
 * buffer and return FQ_ETOOBIG, leaving the buffer untouched, when it is
 * too small; the size constants below always suffice. They draw from the
 * PRNG whether or not the buffer fits.
 */
#ifndef FQ_DEMO_DEMO_NAMES_H
#define FQ_DEMO_DEMO_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Administrative division code of Liuyang city, the first six digits of
 * every generated ID number. */
#define DEMO_REGION_CODE "430181"

/* Digits of a resident ID number, and a buffer that holds one. */
#define DEMO_ID_LEN 18
#define DEMO_ID_SIZE (DEMO_ID_LEN + 1)

/* Digits of a mobile number, and a buffer that holds one. */
#define DEMO_PHONE_LEN 11
#define DEMO_PHONE_SIZE (DEMO_PHONE_LEN + 1)

/* Buffer for a person's name: at most 4 characters of 3 UTF-8 bytes. */
#define DEMO_NAME_SIZE 16

/* Buffer for a road, address, compound or group name. */
#define DEMO_TEXT_SIZE 64

/* Birth years an ID number can carry. */
#define DEMO_YEAR_MIN 1900
#define DEMO_YEAR_MAX 2099

/* Communities and villages of the demo street. */
#define DEMO_COMMUNITY_COUNT 7
#define DEMO_VILLAGE_COUNT 8

typedef struct demo_rng {
	uint64_t s[4]; /* xoshiro256** state; never all zero */
} demo_rng;

typedef enum demo_gender {
	DEMO_FEMALE = 0, /* even 17th ID digit */
	DEMO_MALE = 1,   /* odd 17th ID digit */
} demo_gender;

typedef struct demo_date {
	int year;  /* DEMO_YEAR_MIN..DEMO_YEAR_MAX */
	int month; /* 1..12 */
	int day;   /* 1..28/29/30/31 */
} demo_date;

/* Seed rng from any 64-bit value (0 included). */
void demo_rng_seed(demo_rng *rng, uint64_t seed);

/* Next 64 uniformly distributed bits. */
uint64_t demo_rng_next(demo_rng *rng);

/* Uniform integer in lo..hi, both included, without modulo bias.
 * Requires lo <= hi. */
int64_t demo_rng_range(demo_rng *rng, int64_t lo, int64_t hi);

/* Index in 0..n-1 drawn with probability weights[i] / sum of weights.
 * Requires n > 0 and a non-zero sum; zero weights are never drawn. */
size_t demo_rng_pick_weighted(demo_rng *rng, const uint32_t *weights,
			      size_t n);

/* Male or female, with even odds. */
demo_gender demo_rng_gender(demo_rng *rng);

/* A uniformly drawn valid date in year into *out.
 * Errors: FQ_EINVAL when year is outside DEMO_YEAR_MIN..DEMO_YEAR_MAX;
 * *out is then not written. */
fq_status demo_birth_date(demo_rng *rng, int year, demo_date *out);

/* A person's name: a surname drawn by its real national frequency (among
 * more than a hundred, compound ones such as 欧阳 included) and a given
 * name of one or two common characters suited to gender, e.g. "刘佳怡",
 * "王强", "欧阳志明". 2 to 4 characters.
 * Errors: FQ_ETOOBIG when cap < the name's length + 1 (DEMO_NAME_SIZE
 * always suffices). */
fq_status demo_person_name(demo_rng *rng, demo_gender gender, char *buf,
			   size_t cap);

/* An 18-character resident ID number: DEMO_REGION_CODE, birth as
 * YYYYMMDD, a three-digit sequence whose last digit is odd for men and
 * even for women, and the ISO 7064 MOD 11-2 check character (0-9 or X).
 * Errors: FQ_EINVAL when birth is not a valid date within
 * DEMO_YEAR_MIN..DEMO_YEAR_MAX; FQ_ETOOBIG when cap < DEMO_ID_SIZE. */
fq_status demo_id_number(demo_rng *rng, const demo_date *birth,
			 demo_gender gender, char *buf, size_t cap);

/* An 11-digit mainland mobile number starting with a prefix in real use
 * (130-139, 145, 147, 150-159 but 154, 166, 173, 175-178, 180-189, 191,
 * 193, 195-199). Errors: FQ_ETOOBIG when cap < DEMO_PHONE_SIZE. */
fq_status demo_phone(demo_rng *rng, char *buf, size_t cap);

/* A road name such as "集里路", "金沙北路" or "宝塔街".
 * Errors: FQ_ETOOBIG when the buffer is too small. */
fq_status demo_road_name(demo_rng *rng, char *buf, size_t cap);

/* A road address with a house number such as "集里路128号".
 * Errors: FQ_ETOOBIG when the buffer is too small. */
fq_status demo_street_address(demo_rng *rng, char *buf, size_t cap);

/* A residential compound name such as "金色家园", "滨河花园" or
 * "翠竹苑". Errors: FQ_ETOOBIG when the buffer is too small. */
fq_status demo_compound_name(demo_rng *rng, char *buf, size_t cap);

/* A village group name in the Hunan style, such as "大塘组" or "长冲组".
 * Errors: FQ_ETOOBIG when the buffer is too small. */
fq_status demo_group_name(demo_rng *rng, char *buf, size_t cap);

/* Name of community i (0..DEMO_COMMUNITY_COUNT-1), e.g. "集里社区";
 * a static string, or NULL when i is out of range. */
const char *demo_community_name(size_t i);

/* Name of village i (0..DEMO_VILLAGE_COUNT-1), e.g. "新塘村"; a static
 * string, or NULL when i is out of range. */
const char *demo_village_name(size_t i);

#endif
