/*
 * timeutil.c - clocks and RFC 3339 in Asia/Shanghai; see timeutil.h.
 */
#include "core/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t fq_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t fq_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void fq_deadline_ms(int64_t ms, struct timespec *out)
{
	clock_gettime(CLOCK_REALTIME, out);
	out->tv_sec += (time_t)(ms / 1000);
	out->tv_nsec += (long)(ms % 1000) * 1000000L;
	out->tv_sec += out->tv_nsec / 1000000000L;
	out->tv_nsec %= 1000000000L;
}

char *fq_time_rfc3339(int64_t unix_s, char *buf, size_t n)
{
	time_t t = (time_t)(unix_s + FQ_TZ_OFFSET_S);
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

static int parse_offset(const char *p, int *off_s)
{
	if (*p == 'Z' || *p == 'z') {
		*off_s = 0;
		return p[1] == '\0' ? 0 : -1;
	}
	int hh, mm;
	char sign = *p;
	if ((sign != '+' && sign != '-') || sscanf(p + 1, "%2d:%2d", &hh, &mm) != 2 ||
	    strlen(p) != 6 || hh > 14 || mm > 59)
		return -1;
	*off_s = (hh * 3600 + mm * 60) * (sign == '-' ? -1 : 1);
	return 0;
}

int fq_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, used = 0, off = FQ_TZ_OFFSET_S;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
		return -1;
	const char *p = s + used;
	if (*p) {
		if ((*p != 'T' && *p != 't' && *p != ' ') ||
		    sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &used) != 3 || used != 8)
			return -1;
		p += 1 + used;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (parse_offset(p, &off) != 0)
			return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = sec};
	time_t t = timegm(&tm);
	if (tm.tm_mday != d) /* 2026-02-30 normalised into March */
		return -1;
	*out = (int64_t)t - off;
	return 0;
}
