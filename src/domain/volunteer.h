/*
 * volunteer.h - the rules of volunteers (服务网, docs/volunteers.md) that
 * need no database: the list of skills (the talent pool's and five of
 * their own), availability by weekday and part of the day as a bit set,
 * team kinds, activity kinds, the limits of every field, the overlap of
 * two time spans, and the star of a number of verified hours.
 */
#ifndef FQ_DOMAIN_VOLUNTEER_H
#define FQ_DOMAIN_VOLUNTEER_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* ---- skills -------------------------------------------------------------------- */

/* The skills after the talent pool's twelve (domain/talent.h), which keep
 * their order and bits. */
enum {
	VOL_SKILL_FIRST_AID = 12,
	VOL_SKILL_PATROL,
	VOL_SKILL_TUTORING,
	VOL_SKILL_DRIVING,
	VOL_SKILL_PHOTOGRAPHY,
	VOL_SKILL_COUNT
};

/* Wire name ("first_aid") and Chinese label ("急救") of skill s; NULL when
 * out of range. */
const char *vol_skill_name(int s);
const char *vol_skill_label(int s);

/* The bit set of n skill names; 422 naming field at the first unknown one. */
fq_status vol_skills_parse(const char *const *names, size_t n, const char *field,
			   unsigned *mask, fq_err *err);

/* ---- availability ---------------------------------------------------------------- */

/* Parts of the day, and the bits of a week: bit day * 3 + part, day 0 is
 * Monday. */
#define VOL_PARTS 3
#define VOL_SLOTS_WEEK (7 * VOL_PARTS)

/* The bit set of n entries such as "mon.morning", "sun.evening"; 422 naming
 * field at the first bad one. */
fq_status vol_availability_parse(const char *const *names, size_t n, const char *field,
				 unsigned *mask, fq_err *err);

/* The name of week bit i ("mon.morning") into out (at least 16 bytes). */
void vol_availability_name(int i, char *out, size_t size);

/* ---- teams ----------------------------------------------------------------------- */

typedef enum vol_team_kind {
	VOL_TEAM_TRADE,          /* 行业志愿队 */
	VOL_TEAM_COMMUNITY,      /* 社区志愿队 */
	VOL_TEAM_PATROL_POLICE,  /* 义警 */
	VOL_TEAM_PARTY,          /* 党员志愿队 */
	VOL_TEAM_KIND_COUNT
} vol_team_kind;

const char *vol_team_kind_name(int k);
/* The kind with that wire name, or -1. */
int vol_team_kind_parse(const char *name);

/* ---- activities -------------------------------------------------------------------- */

typedef enum vol_activity_kind {
	VOL_ACT_ACTIVITY,
	VOL_ACT_COURSE,
	VOL_ACT_PATROL,
	VOL_ACT_CALLOUT,
	VOL_ACT_KIND_COUNT
} vol_activity_kind;

const char *vol_activity_kind_name(int k);
int vol_activity_kind_parse(const char *name);

/* Whether [a0, a1) and [b0, b1) share a moment. */
int vol_overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1);

/* ---- limits ------------------------------------------------------------------------- */

#define VOL_NOTE_MAX 200          /* characters of a volunteer's note */
#define VOL_UNITS_MAX 8           /* units one volunteer serves */
#define VOL_TEAM_NAME_MAX 40      /* characters of a team's brand name */
#define VOL_TEAM_SIZE_MIN 2
#define VOL_TEAM_SIZE_MAX 2000    /* Jili's largest teams have hundreds */
#define VOL_TEAM_SIZE_DEFAULT 100
#define VOL_TITLE_MAX 60          /* characters of an activity's title */
#define VOL_ADDRESS_MAX 100
#define VOL_ROLE_MAX 20           /* characters of a slot's role */
#define VOL_SLOTS_MAX 10          /* slots (roles) of one activity */
#define VOL_CAPACITY_MAX 1000     /* places of one slot */
#define VOL_SPAN_MAX_S (12 * 3600) /* longest activity: hours credited are capped by it */
#define VOL_SIGNUPS_PER_DAY 5     /* sign-ups one volunteer makes in one day */
#define VOL_REASON_MAX 200        /* characters of a correction's reason */
#define VOL_CORRECTION_MAX_MIN (24 * 60) /* minutes one correction moves, either way */

/* ---- the rotating check-in code --------------------------------------------------------- */

/* The code changes every VOL_CODE_STEP_S; one older than VOL_CODE_MAX_AGE_S
 * is refused. */
#define VOL_CODE_STEP_S 30
#define VOL_CODE_MAX_AGE_S 60
/* Bytes of an activity's secret (random) and of its hex text. */
#define VOL_SECRET_BYTES 32
#define VOL_SECRET_HEX (2 * VOL_SECRET_BYTES + 1)
/* Bytes of a code's token ("<activity>-<step>-<16 hex>") and of the typed
 * six digits, each with its NUL. */
#define VOL_TOKEN_MAX 64
#define VOL_DIGITS 7

/* A new random secret as hex into out. */
void vol_secret_new(char out[VOL_SECRET_HEX]);

/* The code of activity_id at time step (unix seconds / VOL_CODE_STEP_S):
 * the token a QR code carries and the six digits typed where there is no
 * camera, both from a keyed BLAKE2b of the activity and the step. */
void vol_code(const char *secret, int64_t activity_id, int64_t step, char token[VOL_TOKEN_MAX],
	      char digits[VOL_DIGITS]);

/* FQ_OK when code (a token or six digits) is the code of activity_id of the
 * current step at now or of one started at most VOL_CODE_MAX_AGE_S ago;
 * else 422 naming "code" (a wrong code, or one too old). */
fq_status vol_code_check(const char *secret, int64_t activity_id, const char *code, int64_t now,
			 fq_err *err);

/* Minutes credited for presence from in to out at an activity of
 * [starts, ends): the part of the presence inside the span, never more
 * than the span, never negative. */
int64_t vol_credit_minutes(int64_t in, int64_t out, int64_t starts, int64_t ends);

/* ---- stars ----------------------------------------------------------------------------- */

/* Stars (0..5) for minutes of verified hours: 1 at 100 h, 2 at 300 h, 3 at
 * 600 h, 4 at 1,000 h, 5 at 1,500 h (docs/volunteers.md for the source). */
int vol_stars(int64_t minutes);

/* Hours still needed for the next star, in minutes; 0 at five stars. */
int64_t vol_next_star_minutes(int64_t minutes);

#endif
