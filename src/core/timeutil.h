/*
 * timeutil.h - clocks and time formats. Times are stored as UTC seconds or
 * milliseconds since the epoch and shown in Asia/Shanghai (UTC+08:00, no
 * daylight saving), as RFC 3339 with offset.
 */
#ifndef FQ_CORE_TIMEUTIL_H
#define FQ_CORE_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the display zone, Asia/Shanghai, in seconds. */
#define FQ_TZ_OFFSET_S (8 * 3600)

/* Wall-clock milliseconds since the epoch. */
int64_t fq_now_ms(void);

/* Monotonic clock in microseconds, for durations. */
int64_t fq_mono_us(void);

/* Bytes of a buffer for fq_time_rfc3339 (26 needed). */
#define FQ_TIME_RFC3339_SIZE 32

struct timespec;

/* The wall-clock time ms milliseconds from now into *out: the deadline
 * of a pthread_cond_timedwait that waits at most ms. */
void fq_deadline_ms(int64_t ms, struct timespec *out);

/* Format unix seconds as "2026-11-23T13:56:38+08:00" into buf (at least 26
 * bytes). Returns buf. */
char *fq_time_rfc3339(int64_t unix_s, char *buf, size_t n);

/* Parse RFC 3339 ("2026-11-23T13:56:38+08:00", "...Z", fractional seconds
 * ignored) or a plain date "2026-11-23" (midnight Asia/Shanghai). Returns 0
 * and writes *out on success, -1 on malformed input. */
int fq_time_parse(const char *s, int64_t *out);

#endif
