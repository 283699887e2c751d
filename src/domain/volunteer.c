/*
 * volunteer.c - the pure rules of volunteers (volunteer.h): the names of
 * skills, parts of the week, team and activity kinds, and the stars.
 */
#include "domain/volunteer.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/talent.h"

/* The five skills of volunteers that the talent pool has not. */
static const char *const own_skills[][2] = {
	{"first_aid", "急救"}, {"patrol", "巡逻"}, {"tutoring", "辅导"},
	{"driving", "驾驶"},  {"photography", "摄影"},
};

const char *vol_skill_name(int s)
{
	if (s >= 0 && s < TALENT_SKILL_COUNT)
		return talent_skill_name((talent_skill)s);
	return s >= VOL_SKILL_FIRST_AID && s < VOL_SKILL_COUNT ? own_skills[s - VOL_SKILL_FIRST_AID][0]
							       : NULL;
}

const char *vol_skill_label(int s)
{
	if (s >= 0 && s < TALENT_SKILL_COUNT)
		return talent_skill_label((talent_skill)s);
	return s >= VOL_SKILL_FIRST_AID && s < VOL_SKILL_COUNT ? own_skills[s - VOL_SKILL_FIRST_AID][1]
							       : NULL;
}

/* The index of name in names[0..n), or -1. */
static int find(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int skill_parse(const char *name)
{
	for (int s = 0; name && s < VOL_SKILL_COUNT; s++)
		if (strcmp(vol_skill_name(s), name) == 0)
			return s;
	return -1;
}

fq_status vol_skills_parse(const char *const *names, size_t n, const char *field,
			   unsigned *mask, fq_err *err)
{
	unsigned m = 0;
	for (size_t i = 0; i < n; i++) {
		int s = skill_parse(names[i]);
		if (s < 0)
			return fq_fail(err, FQ_EINVAL, field, "unknown skill \"%s\"",
				       names[i] ? names[i] : "");
		m |= 1u << s;
	}
	*mask = m;
	return FQ_OK;
}

static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const parts[VOL_PARTS] = {"morning", "afternoon", "evening"};

fq_status vol_availability_parse(const char *const *names, size_t n, const char *field,
				 unsigned *mask, fq_err *err)
{
	unsigned m = 0;
	for (size_t i = 0; i < n; i++) {
		const char *dot = names[i] ? strchr(names[i], '.') : NULL;
		char day[4] = "";
		if (dot && dot - names[i] == 3)
			memcpy(day, names[i], 3);
		int d = find(days, 7, day);
		int p = dot ? find(parts, VOL_PARTS, dot + 1) : -1;
		if (d < 0 || p < 0)
			return fq_fail(err, FQ_EINVAL, field,
				       "\"%s\" is not a part of the week such as \"mon.morning\"",
				       names[i] ? names[i] : "");
		m |= 1u << (d * VOL_PARTS + p);
	}
	*mask = m;
	return FQ_OK;
}

void vol_availability_name(int i, char *out, size_t size)
{
	snprintf(out, size, "%s.%s", days[(i / VOL_PARTS) % 7], parts[i % VOL_PARTS]);
}

static const char *const team_kinds[VOL_TEAM_KIND_COUNT] = {"trade", "community",
							     "patrol_police", "party"};

const char *vol_team_kind_name(int k)
{
	return k >= 0 && k < VOL_TEAM_KIND_COUNT ? team_kinds[k] : NULL;
}

int vol_team_kind_parse(const char *name)
{
	return find(team_kinds, VOL_TEAM_KIND_COUNT, name);
}

static const char *const act_kinds[VOL_ACT_KIND_COUNT] = {"activity", "course", "patrol",
							   "callout"};

const char *vol_activity_kind_name(int k)
{
	return k >= 0 && k < VOL_ACT_KIND_COUNT ? act_kinds[k] : NULL;
}

int vol_activity_kind_parse(const char *name)
{
	return find(act_kinds, VOL_ACT_KIND_COUNT, name);
}

int vol_overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
	return a0 < b1 && b0 < a1;
}

/* Hours of each star, in order. */
static const int64_t star_hours[] = {100, 300, 600, 1000, 1500};
#define STARS ((int)(sizeof star_hours / sizeof star_hours[0]))

int vol_stars(int64_t minutes)
{
	int s = 0;
	while (s < STARS && minutes >= star_hours[s] * 60)
		s++;
	return s;
}

int64_t vol_next_star_minutes(int64_t minutes)
{
	int s = vol_stars(minutes);
	return s < STARS ? star_hours[s] * 60 - minutes : 0;
}

void vol_secret_new(char out[VOL_SECRET_HEX])
{
	unsigned char raw[VOL_SECRET_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, VOL_SECRET_HEX, raw, sizeof raw);
}

void vol_code(const char *secret, int64_t activity_id, int64_t step, char token[VOL_TOKEN_MAX],
	      char digits[VOL_DIGITS])
{
	unsigned char mac[8];
	char msg[48], hex[2 * sizeof mac + 1];
	int len = snprintf(msg, sizeof msg, "%" PRId64 ":%" PRId64, activity_id, step);
	size_t klen = strlen(secret);
	crypto_generichash(mac, sizeof mac, (const unsigned char *)msg, (size_t)len,
			   (const unsigned char *)secret,
			   klen > crypto_generichash_KEYBYTES_MAX ? crypto_generichash_KEYBYTES_MAX
								  : klen);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	snprintf(token, VOL_TOKEN_MAX, "%" PRId64 "-%" PRId64 "-%s", activity_id, step, hex);
	uint32_t n = ((uint32_t)mac[0] << 24 | (uint32_t)mac[1] << 16 | (uint32_t)mac[2] << 8 |
		      mac[3]) % 1000000u;
	snprintf(digits, VOL_DIGITS, "%06u", (unsigned)n);
}

fq_status vol_code_check(const char *secret, int64_t activity_id, const char *code, int64_t now,
			 fq_err *err)
{
	char token[VOL_TOKEN_MAX], digits[VOL_DIGITS];
	int64_t cur = now / VOL_CODE_STEP_S;
	/* a code is as old as the start of its step */
	for (int64_t step = cur; code && step >= 0 && now - step * VOL_CODE_STEP_S <= VOL_CODE_MAX_AGE_S;
	     step--) {
		vol_code(secret, activity_id, step, token, digits);
		if (strcmp(code, token) == 0 || strcmp(code, digits) == 0)
			return FQ_OK;
	}
	return fq_fail(err, FQ_EINVAL, "code", "the code is wrong or older than %d s",
		       VOL_CODE_MAX_AGE_S);
}

int64_t vol_credit_minutes(int64_t in, int64_t out, int64_t starts, int64_t ends)
{
	int64_t from = in > starts ? in : starts, to = out < ends ? out : ends;
	return to > from ? (to - from) / 60 : 0;
}
