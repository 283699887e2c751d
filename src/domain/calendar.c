/*
 * calendar.c - working days in Asia/Shanghai: the 2025 and 2026 seed
 * schedules, a sorted override table searched by bisection, and day
 * arithmetic on days counted from 1970-01-01; see calendar.h.
 */
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/utf8.h"

/* Bytes a name of CAL_NAME_MAX characters may take, NUL included. */
#define NAME_BYTES (CAL_NAME_MAX * UTF8_SEQ_MAX + 1)

/* 1970-01-01 was a Thursday: weekday of day 0, Sunday = 0. */
#define EPOCH_WEEKDAY 4
#define DAYS_PER_WEEK 7
#define WORKDAYS_PER_WEEK 5
#define SATURDAY 6
#define SUNDAY 0
/* Day -3 (1969-12-29) was a Monday: counting weekdays from there. */
#define MONDAY_BEFORE_EPOCH (-3)

#define H CAL_HOLIDAY
#define W CAL_WORKDAY

/* 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026). */
static const cal_entry seed[] = {
	{20250101, H, "元旦"},
	{20250126, W, "春节调休"},
	{20250128, H, "春节"}, {20250129, H, "春节"}, {20250130, H, "春节"},
	{20250131, H, "春节"}, {20250201, H, "春节"}, {20250202, H, "春节"},
	{20250203, H, "春节"}, {20250204, H, "春节"},
	{20250208, W, "春节调休"},
	{20250404, H, "清明节"}, {20250405, H, "清明节"}, {20250406, H, "清明节"},
	{20250427, W, "劳动节调休"},
	{20250501, H, "劳动节"}, {20250502, H, "劳动节"}, {20250503, H, "劳动节"},
	{20250504, H, "劳动节"}, {20250505, H, "劳动节"},
	{20250531, H, "端午节"}, {20250601, H, "端午节"}, {20250602, H, "端午节"},
	{20250928, W, "国庆节、中秋节调休"},
	{20251001, H, "国庆节、中秋节"}, {20251002, H, "国庆节、中秋节"},
	{20251003, H, "国庆节、中秋节"}, {20251004, H, "国庆节、中秋节"},
	{20251005, H, "国庆节、中秋节"}, {20251006, H, "国庆节、中秋节"},
	{20251007, H, "国庆节、中秋节"}, {20251008, H, "国庆节、中秋节"},
	{20251011, W, "国庆节、中秋节调休"},

	{20260101, H, "元旦"}, {20260102, H, "元旦"}, {20260103, H, "元旦"},
	{20260104, W, "元旦调休"},
	{20260214, W, "春节调休"},
	{20260215, H, "春节"}, {20260216, H, "春节"}, {20260217, H, "春节"},
	{20260218, H, "春节"}, {20260219, H, "春节"}, {20260220, H, "春节"},
	{20260221, H, "春节"}, {20260222, H, "春节"}, {20260223, H, "春节"},
	{20260228, W, "春节调休"},
	{20260404, H, "清明节"}, {20260405, H, "清明节"}, {20260406, H, "清明节"},
	{20260501, H, "劳动节"}, {20260502, H, "劳动节"}, {20260503, H, "劳动节"},
	{20260504, H, "劳动节"}, {20260505, H, "劳动节"},
	{20260509, W, "劳动节调休"},
	{20260619, H, "端午节"}, {20260620, H, "端午节"}, {20260621, H, "端午节"},
	{20260920, W, "国庆节调休"},
	{20260925, H, "中秋节"}, {20260926, H, "中秋节"}, {20260927, H, "中秋节"},
	{20261001, H, "国庆节"}, {20261002, H, "国庆节"}, {20261003, H, "国庆节"},
	{20261004, H, "国庆节"}, {20261005, H, "国庆节"}, {20261006, H, "国庆节"},
	{20261007, H, "国庆节"},
	{20261010, W, "国庆节调休"},
};

#undef H
#undef W

/* One override, with its day number and its own copy of the name. */
typedef struct cal_row {
	int64_t day;           /* days since 1970-01-01 */
	cal_entry e;           /* e.name points at name below */
	char name[NAME_BYTES]; /* NUL-terminated copy */
} cal_row;

struct cal_calendar {
	size_t n;        /* rows in use */
	cal_row rows[];  /* sorted by day, no two alike */
};

const cal_entry *cal_seed_entries(size_t *n)
{
	*n = sizeof seed / sizeof seed[0];
	return seed;
}

/* Floor division for a possibly negative numerator and positive d. */
static int64_t floor_div(int64_t a, int64_t d)
{
	int64_t q = a / d;
	return (a % d != 0 && a < 0) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The YYYYMMDD date of a day number (civil_from_days). */
static cal_date civil_from_days(int64_t z)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	return (cal_date)(y * 10000 + m * 100 + d);
}

static int64_t date_to_day(cal_date d)
{
	return days_from_civil(d / 10000, d / 100 % 100, d % 100);
}

bool cal_date_valid(cal_date d)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	if (d < 0 || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX || m < 1 || m > 12 ||
	    day < 1)
		return false;
	return civil_from_days(date_to_day(d)) == d;
}

/* Local day number of a moment. */
static int64_t day_of(int64_t unix_s)
{
	return floor_div(unix_s + FQ_TZ_OFFSET_S, CAL_DAY_S);
}

cal_date cal_date_of(int64_t unix_s)
{
	return civil_from_days(day_of(unix_s));
}

int64_t cal_date_start(cal_date d)
{
	return date_to_day(d) * CAL_DAY_S - FQ_TZ_OFFSET_S;
}

static int weekday_of_day(int64_t day)
{
	return (int)(day - floor_div(day + EPOCH_WEEKDAY, DAYS_PER_WEEK) * DAYS_PER_WEEK +
		     EPOCH_WEEKDAY);
}

int cal_weekday(cal_date d)
{
	return weekday_of_day(date_to_day(d));
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

fq_status cal_date_parse(const char *s, const char *field, cal_date *out,
			 fq_err *err)
{
	if (!s || !*s)
		return fq_failr(err, FQ_EINVAL, field, "field.required", "is required");
	if (strlen(s) != CAL_DATE_STR - 1 || s[4] != '-' || s[7] != '-' ||
	    !all_digits(s, 4) || !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return fq_failr(err, FQ_EINVAL, field, "calendar.date_format",
				"must be a date YYYY-MM-DD");
	cal_date d = (cal_date)(atoi(s) * 10000 + atoi(s + 5) * 100 + atoi(s + 8));
	if (!cal_date_valid(d))
		return fq_failr(err, FQ_EINVAL, field, "calendar.date_range",
				"must be a real date in the years %d to %d",
				CAL_YEAR_MIN, CAL_YEAR_MAX);
	*out = d;
	return FQ_OK;
}

char *cal_date_format(cal_date d, char *buf, size_t n)
{
	unsigned u = cal_date_valid(d) ? (unsigned)d : 0;
	snprintf(buf, n, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
	return buf;
}

static int row_cmp(const void *a, const void *b)
{
	const cal_row *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* Check one input row; on error err names the field and the row's date. */
static fq_status entry_check(const cal_entry *e, fq_err *err)
{
	char ds[CAL_DATE_STR];
	if (!cal_date_valid(e->date))
		return fq_failr(err, FQ_EINVAL, "date", "calendar.date_range",
				"%d is not a date in the years %d to %d",
				(int)e->date, CAL_YEAR_MIN, CAL_YEAR_MAX);
	cal_date_format(e->date, ds, sizeof ds);
	if (!cal_kind_name(e->kind))
		return fq_failr(err, FQ_EINVAL, "kind", "calendar.kind_unknown",
				"%s: must be holiday or workday", ds);
	const char *name = e->name ? e->name : "";
	if (utf8_char_count(name, strlen(name)) > CAL_NAME_MAX ||
	    strlen(name) >= NAME_BYTES)
		return fq_failr(err, FQ_EINVAL, "name", "calendar.name_too_long",
				"%s: name over %d characters", ds,
				CAL_NAME_MAX);
	return FQ_OK;
}

fq_status cal_new(const cal_entry *entries, size_t n, cal_calendar **out,
		  fq_err *err)
{
	cal_calendar *cal = NULL;
	fq_status st = FQ_OK;
	if (n > CAL_ENTRIES_MAX)
		return fq_failr(err, FQ_ETOOBIG, "entries", "calendar.rows_max",
				"more than %d calendar rows",
				CAL_ENTRIES_MAX);
	cal = calloc(1, sizeof *cal + n * sizeof cal->rows[0]);
	if (!cal)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		st = entry_check(&entries[i], err);
		if (st != FQ_OK)
			goto out;
		cal_row *r = &cal->rows[i];
		r->day = date_to_day(entries[i].date);
		r->e = entries[i];
		snprintf(r->name, sizeof r->name, "%s", entries[i].name ? entries[i].name : "");
	}
	cal->n = n;
	qsort(cal->rows, n, sizeof cal->rows[0], row_cmp);
	for (size_t i = 0; i < n; i++) {
		cal->rows[i].e.name = cal->rows[i].name;
		if (i > 0 && cal->rows[i].day == cal->rows[i - 1].day) {
			char ds[CAL_DATE_STR];
			st = fq_failr(err, FQ_EINVAL, "date", "calendar.date_twice",
				      "%s is listed twice",
				      cal_date_format(cal->rows[i].e.date, ds, sizeof ds));
			goto out;
		}
	}
	*out = cal;
	cal = NULL;
out:
	free(cal);
	return st;
}

void cal_free(cal_calendar *cal)
{
	free(cal);
}

/* Index of the first row whose day is >= day (n when none). */
static size_t lower_bound(const cal_calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->rows[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const cal_row *row_at(const cal_calendar *cal, int64_t day)
{
	if (!cal)
		return NULL;
	size_t i = lower_bound(cal, day);
	return (i < cal->n && cal->rows[i].day == day) ? &cal->rows[i] : NULL;
}

static bool is_weekend(int64_t day)
{
	int wd = weekday_of_day(day);
	return wd == SATURDAY || wd == SUNDAY;
}

static bool workday_at(const cal_calendar *cal, int64_t day)
{
	const cal_row *r = row_at(cal, day);
	if (r)
		return r->e.kind == CAL_WORKDAY;
	return !is_weekend(day);
}

bool cal_is_workday(const cal_calendar *cal, cal_date date)
{
	return workday_at(cal, date_to_day(date));
}

const cal_entry *cal_lookup(const cal_calendar *cal, cal_date date)
{
	const cal_row *r = row_at(cal, date_to_day(date));
	return r ? &r->e : NULL;
}

/* The first working day after day. Terminates: only the finitely many
 * holiday rows can make a weekday non-working. */
static int64_t next_workday(const cal_calendar *cal, int64_t day)
{
	do
		day++;
	while (!workday_at(cal, day));
	return day;
}

fq_status cal_add_workdays(const cal_calendar *cal, int64_t start_unix_s, int n,
			   int64_t *out, fq_err *err)
{
	int64_t lo = days_from_civil(CAL_YEAR_MIN, 1, 1) * CAL_DAY_S - FQ_TZ_OFFSET_S;
	int64_t hi = days_from_civil(CAL_YEAR_MAX + 1, 1, 1) * CAL_DAY_S - FQ_TZ_OFFSET_S;
	if (n < 0 || n > CAL_WORKDAYS_MAX)
		return fq_failr(err, FQ_EINVAL, "days", "calendar.days_range",
				"must be between 0 and %d",
				CAL_WORKDAYS_MAX);
	if (start_unix_s < lo || start_unix_s >= hi)
		return fq_failr(err, FQ_EINVAL, "start", "calendar.date_range",
				"must lie in the years %d to %d",
				CAL_YEAR_MIN, CAL_YEAR_MAX);
	int64_t day = day_of(start_unix_s);
	int64_t tod = start_unix_s + FQ_TZ_OFFSET_S - day * CAL_DAY_S;
	if (!workday_at(cal, day)) {
		day = next_workday(cal, day);
		tod = CAL_DAY_START_S;
	}
	for (int i = 0; i < n; i++)
		day = next_workday(cal, day);
	*out = day * CAL_DAY_S + tod - FQ_TZ_OFFSET_S;
	return FQ_OK;
}

/* Monday-to-Friday days from day MONDAY_BEFORE_EPOCH up to day x. */
static int64_t weekdays_upto(int64_t x)
{
	int64_t m = x - MONDAY_BEFORE_EPOCH + 1;
	int64_t rest = m % DAYS_PER_WEEK;
	return m / DAYS_PER_WEEK * WORKDAYS_PER_WEEK +
	       (rest < WORKDAYS_PER_WEEK ? rest : WORKDAYS_PER_WEEK);
}

/* Working days in the days (a, b], a <= b: weekdays, less the holiday rows
 * on weekdays, plus the worked rows on weekends. */
static int64_t workdays_in(const cal_calendar *cal, int64_t a, int64_t b)
{
	int64_t count = weekdays_upto(b) - weekdays_upto(a);
	if (!cal)
		return count;
	for (size_t i = lower_bound(cal, a + 1); i < cal->n && cal->rows[i].day <= b; i++) {
		bool weekend = is_weekend(cal->rows[i].day);
		if (cal->rows[i].e.kind == CAL_HOLIDAY && !weekend)
			count--;
		else if (cal->rows[i].e.kind == CAL_WORKDAY && weekend)
			count++;
	}
	return count;
}

int64_t cal_workdays_between(const cal_calendar *cal, int64_t from_unix_s,
			     int64_t to_unix_s)
{
	int64_t a = day_of(from_unix_s), b = day_of(to_unix_s);
	return a <= b ? workdays_in(cal, a, b) : -workdays_in(cal, b, a);
}
