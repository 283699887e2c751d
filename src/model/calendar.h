/*
 * calendar.h - the values of the working-day calendar (domain/calendar.h)
 * that the store keeps: a civil date in Asia/Shanghai as a number, and an
 * override row that makes a day a holiday or a worked day, with the wire
 * names of its kinds.
 */
#ifndef FQ_MODEL_CALENDAR_H
#define FQ_MODEL_CALENDAR_H

#include <stdint.h>

/* A civil date in Asia/Shanghai written as the number YYYYMMDD, e.g.
 * 20260214 for 14 February 2026. */
typedef int32_t cal_date;

/* Years a cal_date may name. */
#define CAL_YEAR_MIN 2000
#define CAL_YEAR_MAX 2199

/* Bytes of "YYYY-MM-DD" plus the NUL, for cal_date_format. */
#define CAL_DATE_STR 11

/* Most override rows one calendar holds (about 30 a year for 200 years). */
#define CAL_ENTRIES_MAX 8192

/* Longest name of an override row, in characters. */
#define CAL_NAME_MAX 32

/* What an override row makes its day. */
typedef enum cal_kind {
	CAL_HOLIDAY = 1, /* off, whatever the weekday ("holiday") */
	CAL_WORKDAY = 2, /* worked, whatever the weekday ("workday") */
} cal_kind;

/* One override row. */
typedef struct cal_entry {
	cal_date date;    /* the day overridden */
	cal_kind kind;    /* holiday or worked day */
	const char *name; /* "春节", "春节调休"; may be NULL (taken as "") */
} cal_entry;

/* Wire name of a kind ("holiday", "workday"), or NULL when unknown. */
const char *cal_kind_name(cal_kind kind);

/* The kind with that wire name; 0 when unknown or NULL. */
cal_kind cal_kind_parse(const char *name);

#endif
