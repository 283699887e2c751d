/*
 * fuzz_dates.c - libFuzzer target for the date parsers and working-day
 * arithmetic (src/core/timeutil.c, src/domain/calendar.c). Each line of an
 * input is parsed as an RFC 3339 time and as a date; lines "YYYY-MM-DD
 * holiday|workday name" become override rows of a calendar, on which the
 * first time and the number on the last line are counted forward in
 * working days and back again. Checks the round trip the contract promises
 * (cal_workdays_between(start, cal_add_workdays(start, n)) == n on a
 * working day) and that a formatted date parses to itself.
 */

#include "core/timeutil.h"
#include "domain/calendar.h"
#include "fuzz.h"

/* Override rows taken from one input. */
#define ROWS_MAX 64

typedef struct dates {
	cal_entry rows[ROWS_MAX];
	size_t n_rows;
	int64_t start; /* first RFC 3339 time, 0 when none */
	long days;     /* the last line as a number */
} dates;

static void check_date(const char *line)
{
	cal_date d;
	fq_err err = {0};
	if (cal_date_parse(line, "date", &d, &err) != FQ_OK)
		return;
	char buf[CAL_DATE_STR];
	cal_date back;
	FUZZ_CHECK(cal_date_parse(cal_date_format(d, buf, sizeof buf), "date", &back, &err) == FQ_OK);
	FUZZ_CHECK(back == d);
	(void)cal_weekday(d);
}

/* One line: a time, a date, maybe an override row. */
static void take_line(dates *x, char *line)
{
	int64_t t;
	if (fq_time_parse(line, &t) == 0 && !x->start)
		x->start = t;
	check_date(line);
	x->days = strtol(line, NULL, 10);
	char *sp = strchr(line, ' ');
	if (!sp || x->n_rows == ROWS_MAX)
		return;
	*sp = '\0';
	char *name = strchr(sp + 1, ' ');
	if (name)
		*name++ = '\0';
	cal_entry *e = &x->rows[x->n_rows];
	fq_err err = {0};
	if (cal_date_parse(line, "date", &e->date, &err) != FQ_OK)
		return;
	e->kind = cal_kind_parse(sp + 1);
	e->name = name;
	x->n_rows++;
}

/* Count forward and back on the calendar when the start is in range. */
static void arithmetic(const dates *x)
{
	cal_calendar *cal = NULL;
	fq_err err = {0};
	if (cal_new(x->rows, x->n_rows, &cal, &err) != FQ_OK)
		return;
	int64_t due;
	int n = (int)(x->days % (CAL_WORKDAYS_MAX + 2));
	if (x->start && cal_add_workdays(cal, x->start, n, &due, &err) == FQ_OK) {
		FUZZ_CHECK(due >= x->start || !cal_is_workday(cal, cal_date_of(x->start)));
		if (cal_is_workday(cal, cal_date_of(x->start)))
			FUZZ_CHECK(cal_workdays_between(cal, x->start, due) == n);
	}
	cal_free(cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	if (!in)
		return 0;
	dates x = {0};
	for (char *line = in, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		take_line(&x, line);
	}
	arithmetic(&x);
	free(in);
	return 0;
}
