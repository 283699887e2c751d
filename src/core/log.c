/*
 * log.c - JSON-lines logging to standard error; see log.h.
 */
#include "core/log.h"
#include "core/timeutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_LINE_MAX 2048

static fq_log_level min_level = FQ_LOG_INFO;
static const char *level_names[] = {"debug", "info", "warn", "error"};

void fq_log_set_level(fq_log_level lvl)
{
	min_level = lvl;
}

size_t fq_json_escape(char *dst, size_t n, const char *s)
{
	size_t o = 0;
	if (!n)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char tmp[8];
		size_t k;
		if (*p == '"' || *p == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)*p;
			k = 2;
		} else if (*p == '\n') {
			memcpy(tmp, "\\n", 2);
			k = 2;
		} else if (*p < 0x20) {
			k = (size_t)snprintf(tmp, sizeof tmp, "\\u%04x", *p);
		} else {
			tmp[0] = (char)*p;
			k = 1;
		}
		if (o + k >= n)
			break;
		memcpy(dst + o, tmp, k);
		o += k;
	}
	/* do not leave half a UTF-8 sequence behind when truncated */
	while (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0x80)
		o--;
	if (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0xC0)
		o--;
	dst[o] = '\0';
	return o;
}

void fq_log(fq_log_level lvl, const char *fmt, ...)
{
	if (lvl < min_level)
		return;
	char msg[LOG_LINE_MAX / 2], esc[LOG_LINE_MAX / 2], ts[40], line[LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fq_json_escape(esc, sizeof esc, msg);
	fq_time_rfc3339(fq_now_ms() / 1000, ts, sizeof ts);
	int n = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}\n",
			 ts, level_names[lvl], esc);
	if (n > 0) {
		ssize_t w = write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
		(void)w;
	}
}
