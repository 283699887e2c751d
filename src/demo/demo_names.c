/*
 * demo_names.c - the PRNG and the word lists behind the demo data of a
 * Liuyang street: surnames with their national frequencies, given-name
 * characters, mobile prefixes, road, compound and village-group name
 * parts, and the names of the communities and villages.
 *
 * The tables are constant; all state lives in the caller's demo_rng.
 * Surname weights are approximate shares of the population in units of
 * 0.01% (王 about 7.2%, 李 7.2%, 张 6.8% ...), after the national surname
 * rankings published by the Ministry of Public Security.
 */
#include "demo/demo_names.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Longest weighted word list (the surnames). */
#define WEIGHTED_MAX 128

/* One in this many given names has a single character. */
#define SINGLE_GIVEN_ODDS 5

/* Largest eight-digit subscriber number after a mobile prefix. */
#define PHONE_SUBSCRIBER_MAX 99999999

/* House numbers run from 1 to this. */
#define HOUSE_NUMBER_MAX 388

/* First two digits of the ID sequence (the registering police station),
 * kept off 00 so a sequence is never 000. */
#define ID_SEQ_HEAD_MIN 1
#define ID_SEQ_HEAD_MAX 99

/* Layout of an ID number: region code, birth date YYYYMMDD, three-digit
 * sequence, check character. */
#define ID_BIRTH_AT 6
#define ID_SEQ_AT 14
#define ID_CHECK_AT 17

/* Weights of the first 17 ID digits in the ISO 7064 MOD 11-2 checksum,
 * and the check character for each remainder. */
static const int id_weights[ID_CHECK_AT] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
};
static const char id_check_chars[] = "10X98765432";

struct weighted_word {
	const char *text;
	uint32_t weight;
};

static const struct weighted_word surnames[] = {
	{"王", 725}, {"李", 719}, {"张", 683}, {"刘", 538}, {"陈", 453},
	{"杨", 308}, {"黄", 229}, {"赵", 229}, {"吴", 205}, {"周", 198},
	{"徐", 159}, {"孙", 152}, {"马", 146}, {"朱", 132}, {"胡", 131},
	{"郭", 116}, {"何", 112}, {"高", 106}, {"林", 105}, {"罗", 98},
	{"郑", 80}, {"梁", 75}, {"谢", 69}, {"宋", 67}, {"唐", 65},
	{"许", 64}, {"韩", 62}, {"冯", 61}, {"邓", 61}, {"曹", 60},
	{"彭", 56}, {"曾", 53}, {"肖", 52}, {"田", 51}, {"董", 51},
	{"袁", 47}, {"潘", 47}, {"于", 44}, {"蒋", 45}, {"蔡", 45},
	{"余", 44}, {"杜", 43}, {"叶", 43}, {"程", 42}, {"苏", 41},
	{"魏", 41}, {"吕", 40}, {"丁", 40}, {"任", 39}, {"沈", 36},
	{"姚", 37}, {"卢", 37}, {"姜", 35}, {"崔", 33}, {"钟", 35},
	{"谭", 33}, {"陆", 32}, {"汪", 31}, {"范", 31}, {"金", 29},
	{"石", 30}, {"廖", 30}, {"贾", 28}, {"夏", 27}, {"韦", 28},
	{"付", 27}, {"方", 26}, {"白", 25}, {"邹", 26}, {"孟", 25},
	{"熊", 25}, {"秦", 24}, {"邱", 24}, {"江", 23}, {"尹", 22},
	{"薛", 22}, {"闫", 22}, {"段", 21}, {"雷", 21}, {"侯", 23},
	{"龙", 20}, {"史", 20}, {"陶", 20}, {"黎", 20}, {"贺", 19},
	{"顾", 18}, {"毛", 18}, {"郝", 18}, {"龚", 17}, {"邵", 17},
	{"万", 17}, {"钱", 16}, {"严", 15}, {"覃", 16}, {"武", 16},
	{"戴", 16}, {"莫", 15}, {"孔", 14}, {"向", 14}, {"汤", 14},
	{"常", 14}, {"康", 13}, {"易", 13}, {"乔", 12}, {"赖", 12},
	{"文", 12}, {"欧阳", 8}, {"上官", 1}, {"司马", 1}, {"诸葛", 1},
};

static const char *const given_male[] = {
	"伟", "强", "军", "磊", "洋", "勇", "杰", "涛", "明", "超",
	"斌", "鹏", "辉", "华", "建", "国", "平", "刚", "宇", "浩",
	"俊", "文", "志", "博", "轩", "然", "晨", "阳", "峰", "波",
	"亮", "健", "鑫", "飞", "龙", "林", "成", "海", "东", "毅",
	"翔", "凯", "诚", "家", "子", "嘉", "豪", "睿", "泽", "宏",
	"兵", "武", "福", "德", "荣", "松", "立", "新", "永", "春",
};

static const char *const given_female[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲",
	"婷", "雪", "琳", "慧", "颖", "佳", "欣", "怡", "梦", "思",
	"雨", "倩", "燕", "萍", "红", "英", "兰", "梅", "莉", "丹",
	"洁", "悦", "琪", "晶", "薇", "璐", "瑶", "蓉", "春", "彤",
	"妍", "诗", "涵", "萱", "馨", "月", "桂", "凤", "珍", "晓",
	"子", "嘉", "文", "小", "美", "玉", "金", "云", "青", "清",
};

static const char *const phone_prefixes[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138",
	"139", "145", "147", "150", "151", "152", "153", "155", "156",
	"157", "158", "159", "166", "173", "175", "176", "177", "178",
	"180", "181", "182", "183", "184", "185", "186", "187", "188",
	"189", "191", "193", "195", "196", "197", "198", "199",
};

static const char *const road_bases[] = {
	"集里", "金沙", "宝塔", "花炮", "人民", "劳动", "白沙", "北正",
	"圭斋", "道吾", "浏河", "沿河", "嗣同", "楚东", "牛石", "长兴",
	"工业", "新民", "永安", "荷花", "天马", "清江", "湘赣", "浏阳河",
};

static const struct weighted_word road_suffixes[] = {
	{"路", 40}, {"北路", 8}, {"南路", 8}, {"中路", 6}, {"东路", 6},
	{"西路", 6}, {"大道", 6}, {"街", 12}, {"巷", 8},
};

static const char *const compound_prefixes[] = {
	"金色", "阳光", "翠竹", "锦绣", "滨河", "浏阳河", "金沙", "宝塔",
	"集里", "龙腾", "御景", "紫薇", "丽景", "枫林", "桂花", "盛世",
	"华府", "君悦", "凤凰", "书香", "碧水", "天马", "东方", "金桂",
};

static const struct weighted_word compound_suffixes[] = {
	{"小区", 30}, {"花园", 20}, {"苑", 15}, {"家园", 12}, {"新城", 6},
	{"雅苑", 6}, {"公馆", 4}, {"名城", 4}, {"佳园", 3},
};

static const char *const group_heads[] = {
	"大", "新", "老", "上", "下", "长", "黄", "石", "茶", "枫",
	"竹", "杨", "柏", "樟", "李", "刘", "谭", "何", "高", "南",
	"北", "东", "西", "桐", "松", "杉", "田", "瓦", "花", "沙",
};

static const char *const group_tails[] = {
	"冲", "塘", "坪", "湾", "屋", "岭", "坡", "坳", "山", "桥",
	"铺", "园", "垅", "树", "林", "家", "田", "港",
};

static const char *const communities[DEMO_COMMUNITY_COUNT] = {
	"集里社区", "宝塔社区", "金沙社区", "阳光社区",
	"楚东社区", "牛石岭社区", "浏河社区",
};

static const char *const villages[DEMO_VILLAGE_COUNT] = {
	"新塘村", "枫林村", "石湾村", "长兴村",
	"大围村", "马渡村", "双桥村", "茶园村",
};

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* splitmix64: the recommended way to expand one seed into xoshiro state. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

void demo_rng_seed(demo_rng *rng, uint64_t seed)
{
	for (size_t i = 0; i < ARRAY_LEN(rng->s); i++)
		rng->s[i] = splitmix64(&seed);
}

uint64_t demo_rng_next(demo_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in 0..bound-1 for bound > 0, rejecting the values that would
 * bias the modulo. */
static uint64_t below(demo_rng *rng, uint64_t bound)
{
	uint64_t threshold = -bound % bound;
	uint64_t r;

	do {
		r = demo_rng_next(rng);
	} while (r < threshold);
	return r % bound;
}

int64_t demo_rng_range(demo_rng *rng, int64_t lo, int64_t hi)
{
	assert(lo <= hi);
	uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;

	if (span == 0)
		return (int64_t)demo_rng_next(rng);
	return (int64_t)((uint64_t)lo + below(rng, span));
}

size_t demo_rng_pick_weighted(demo_rng *rng, const uint32_t *weights,
			      size_t n)
{
	uint64_t total = 0;
	uint64_t r;

	for (size_t i = 0; i < n; i++)
		total += weights[i];
	assert(total > 0);
	r = below(rng, total);
	/* r < total, so whatever the first n-1 weights leave falls on the
	 * last one. */
	for (size_t i = 0; i + 1 < n; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

demo_gender demo_rng_gender(demo_rng *rng)
{
	return demo_rng_range(rng, 0, 1) ? DEMO_MALE : DEMO_FEMALE;
}

/* Uniform pick from a word list. */
static const char *pick(demo_rng *rng, const char *const *words, size_t n)
{
	return words[demo_rng_range(rng, 0, (int64_t)n - 1)];
}

/* Weighted pick from a word list. */
static const char *pick_weighted(demo_rng *rng,
				 const struct weighted_word *words, size_t n)
{
	uint32_t w[WEIGHTED_MAX];

	assert(n <= WEIGHTED_MAX);
	for (size_t i = 0; i < n; i++)
		w[i] = words[i].weight;
	return words[demo_rng_pick_weighted(rng, w, n)].text;
}

static fq_status emit(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Format into buf when the whole result fits in cap bytes. */
static fq_status emit(char *buf, size_t cap, const char *fmt, ...)
{
	char tmp[DEMO_TEXT_SIZE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp || (size_t)n >= cap)
		return FQ_ETOOBIG;
	memcpy(buf, tmp, (size_t)n + 1);
	return FQ_OK;
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

fq_status demo_birth_date(demo_rng *rng, int year, demo_date *out)
{
	demo_date d = {.year = year};

	if (year < DEMO_YEAR_MIN || year > DEMO_YEAR_MAX)
		return FQ_EINVAL;
	d.month = (int)demo_rng_range(rng, 1, 12);
	d.day = (int)demo_rng_range(rng, 1, days_in_month(year, d.month));
	*out = d;
	return FQ_OK;
}

fq_status demo_person_name(demo_rng *rng, demo_gender gender, char *buf,
			   size_t cap)
{
	const char *const *chars = gender == DEMO_MALE ? given_male
						       : given_female;
	size_t n = gender == DEMO_MALE ? ARRAY_LEN(given_male)
				       : ARRAY_LEN(given_female);
	const char *surname = pick_weighted(rng, surnames, ARRAY_LEN(surnames));
	const char *first = pick(rng, chars, n);
	const char *second = "";

	if (demo_rng_range(rng, 1, SINGLE_GIVEN_ODDS) != 1) {
		second = pick(rng, chars, n);
		/* Doubled characters (婷婷) are a girl's name; redraw for boys. */
		while (gender == DEMO_MALE && strcmp(second, first) == 0)
			second = pick(rng, chars, n);
	}
	return emit(buf, cap, "%s%s%s", surname, first, second);
}

static bool date_valid(const demo_date *d)
{
	if (d->year < DEMO_YEAR_MIN || d->year > DEMO_YEAR_MAX)
		return false;
	if (d->month < 1 || d->month > 12)
		return false;
	return d->day >= 1 && d->day <= days_in_month(d->year, d->month);
}

/* Check character of the first 17 digits of an ID number. */
static char id_check_char(const char *digits17)
{
	int sum = 0;

	for (size_t i = 0; i < ID_CHECK_AT; i++)
		sum += (digits17[i] - '0') * id_weights[i];
	return id_check_chars[sum % 11];
}

/* Write v (0 <= v < 10^width) as exactly width decimal digits. */
static void put_digits(char *dst, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		dst[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

fq_status demo_id_number(demo_rng *rng, const demo_date *birth,
			 demo_gender gender, char *buf, size_t cap)
{
	char id[DEMO_ID_SIZE];
	int head = (int)demo_rng_range(rng, ID_SEQ_HEAD_MIN, ID_SEQ_HEAD_MAX);
	int last = 2 * (int)demo_rng_range(rng, 0, 4) +
		   (gender == DEMO_MALE ? 1 : 0);

	if (!date_valid(birth))
		return FQ_EINVAL;
	if (cap < DEMO_ID_SIZE)
		return FQ_ETOOBIG;
	memcpy(id, DEMO_REGION_CODE, ID_BIRTH_AT);
	put_digits(id + ID_BIRTH_AT, birth->year, 4);
	put_digits(id + ID_BIRTH_AT + 4, birth->month, 2);
	put_digits(id + ID_BIRTH_AT + 6, birth->day, 2);
	put_digits(id + ID_SEQ_AT, head, 2);
	put_digits(id + ID_SEQ_AT + 2, last, 1);
	id[ID_CHECK_AT] = id_check_char(id);
	id[DEMO_ID_LEN] = '\0';
	memcpy(buf, id, sizeof id);
	return FQ_OK;
}

fq_status demo_phone(demo_rng *rng, char *buf, size_t cap)
{
	const char *prefix = pick(rng, phone_prefixes, ARRAY_LEN(phone_prefixes));
	int64_t rest = demo_rng_range(rng, 0, PHONE_SUBSCRIBER_MAX);

	return emit(buf, cap, "%s%08lld", prefix, (long long)rest);
}

fq_status demo_road_name(demo_rng *rng, char *buf, size_t cap)
{
	const char *base = pick(rng, road_bases, ARRAY_LEN(road_bases));
	const char *suffix = pick_weighted(rng, road_suffixes,
					   ARRAY_LEN(road_suffixes));

	return emit(buf, cap, "%s%s", base, suffix);
}

fq_status demo_street_address(demo_rng *rng, char *buf, size_t cap)
{
	char road[DEMO_TEXT_SIZE];
	fq_status st = demo_road_name(rng, road, sizeof road);
	int64_t number = demo_rng_range(rng, 1, HOUSE_NUMBER_MAX);

	if (st != FQ_OK)
		return st;
	return emit(buf, cap, "%s%lld号", road, (long long)number);
}

fq_status demo_compound_name(demo_rng *rng, char *buf, size_t cap)
{
	const char *prefix = pick(rng, compound_prefixes,
				  ARRAY_LEN(compound_prefixes));
	const char *suffix = pick_weighted(rng, compound_suffixes,
					   ARRAY_LEN(compound_suffixes));

	return emit(buf, cap, "%s%s", prefix, suffix);
}

fq_status demo_group_name(demo_rng *rng, char *buf, size_t cap)
{
	const char *head = pick(rng, group_heads, ARRAY_LEN(group_heads));
	const char *tail = pick(rng, group_tails, ARRAY_LEN(group_tails));

	return emit(buf, cap, "%s%s组", head, tail);
}

const char *demo_community_name(size_t i)
{
	return i < DEMO_COMMUNITY_COUNT ? communities[i] : NULL;
}

const char *demo_village_name(size_t i)
{
	return i < DEMO_VILLAGE_COUNT ? villages[i] : NULL;
}
