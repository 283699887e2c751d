/*
 * config.c - one table of settings and the three ways to set them; see
 * config.h. Values are checked against the bounds in the table.
 */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STR, K_INT, K_LONG, K_URL };

static const struct setting {
	const char *key;   /* file key; flag is the same with '-' for '_' */
	enum kind kind;
	size_t offset;
	size_t size;       /* for strings */
	long min, max;     /* for numbers */
	const char *help;
	const char *choices; /* strings: the values allowed, '|' between; NULL any */
} settings[] = {
#define STR(f, h) {#f, K_STR, offsetof(fq_config, f), sizeof(((fq_config *)0)->f), 0, 0, h}
#define INT(f, lo, hi, h) {#f, K_INT, offsetof(fq_config, f), 0, lo, hi, h}
#define LNG(f, lo, hi, h) {#f, K_LONG, offsetof(fq_config, f), 0, lo, hi, h}
#define ONE_OF(f, c, h) {#f, K_STR, offsetof(fq_config, f), sizeof(((fq_config *)0)->f), 0, 0, h, c}
#define URL(f, h) {#f, K_URL, offsetof(fq_config, f), sizeof(((fq_config *)0)->f), 0, 0, h}
	STR(listen, "address to listen on"),
	INT(port, 1, 65535, "TCP port"),
	STR(db_path, "SQLite database file"),
	STR(data_dir, "directory for uploads and exports"),
	STR(web_dir, "directory of the web UI"),
	STR(tile_url, "map tile URL template for the UI, empty for none"),
	STR(tile_label_url, "map annotation (label) tile URL template drawn over tile_url"),
	ONE_OF(tile_crs, "wgs84|gcj02", "the tiles' coordinate system: wgs84 or gcj02"),
	STR(access_log, "access log file, '-' for stdout, empty for none"),
	INT(threads, 0, 256, "worker threads (0 = one per core)"),
	LNG(max_body, 1024, 64L * 1024 * 1024, "largest JSON body in bytes"),
	LNG(max_photo_bytes, 1024, 8L * 1024 * 1024, "largest uploaded photo in bytes"),
	INT(max_connections, 4, 100000, "open connections in all"),
	INT(max_per_ip, 1, 100000, "open connections from one address"),
	INT(timeout_s, 1, 3600, "idle connection timeout in seconds"),
	INT(header_timeout_s, 1, 3600, "seconds a client has to send a request's line and headers"),
	INT(session_hours, 1, 24 * 90, "session lifetime in hours"),
	INT(batch_max, 1, 100000, "transactions in one group commit"),
	INT(cookie_secure, 0, 1, "mark the session cookie Secure (behind TLS)"),
	INT(max_sse_clients, 1, 100000, "live event (SSE) clients at once; 503 past it"),
	INT(sweep_interval_s, 0, 86400, "seconds between sweeps for due requests (0 = off)"),
	INT(remind_before_pct, 0, 100, "reminder before a deadline, percent of its limit"),
	INT(remind_span_min, 1, 7 * 24 * 60, "minutes a request's reminder (催一催) must wait after the last"),
	STR(score_weights, "composite weights: response,resolution,satisfaction"),
	URL(public_url, "origin of links handed out (https://host[:port][/path]); empty: the Host, if ours"),
	INT(metrics_public, 0, 1, "1: anyone may read /metrics; 0: loopback callers and admins only"),
	INT(demo_live, 0, 86400, "seconds between two steps of the living demo (0 = off)"),
#undef STR
#undef INT
#undef LNG
#undef URL
#undef ONE_OF
};

#define N_SETTINGS (sizeof settings / sizeof settings[0])

void fq_config_defaults(fq_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1");
	cfg->port = 8080;
	snprintf(cfg->db_path, sizeof cfg->db_path, "var/fengqiao.db");
	snprintf(cfg->data_dir, sizeof cfg->data_dir, "var");
	snprintf(cfg->web_dir, sizeof cfg->web_dir, "web");
	snprintf(cfg->access_log, sizeof cfg->access_log, "-");
	cfg->threads = 0;
	cfg->max_body = 1024 * 1024;
	cfg->max_photo_bytes = 8L * 1024 * 1024;
	cfg->max_connections = 1024;
	cfg->max_per_ip = 256;
	cfg->timeout_s = 60;
	cfg->header_timeout_s = 5;
	cfg->session_hours = 12;
	cfg->batch_max = 1000;
	cfg->cookie_secure = 0;
	cfg->max_sse_clients = 1000;
	cfg->sweep_interval_s = 30;
	cfg->remind_before_pct = 25;
	cfg->remind_span_min = 10;
	snprintf(cfg->score_weights, sizeof cfg->score_weights, "30,35,35");
	snprintf(cfg->tile_crs, sizeof cfg->tile_crs, "wgs84");
}

static const struct setting *find(const char *key)
{
	char norm[64];
	size_t i;
	for (i = 0; key[i] && i + 1 < sizeof norm; i++)
		norm[i] = key[i] == '-' ? '_' : (char)tolower((unsigned char)key[i]);
	norm[i] = '\0';
	for (size_t k = 0; k < N_SETTINGS; k++)
		if (strcmp(settings[k].key, norm) == 0)
			return &settings[k];
	return NULL;
}

/* Non-zero when url is http:// or https:// with a host of letters, digits,
 * dots, dashes, colons and brackets, then nothing or a path of characters
 * that need no quoting in a URL or an HTML attribute: no query, no
 * fragment, no spaces or quotes. */
static int url_ok(const char *url)
{
	static const char host_chars[] = "abcdefghijklmnopqrstuvwxyz"
					 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]";
	static const char path_chars[] = "abcdefghijklmnopqrstuvwxyz"
					 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_~/%!$&()*+,;=:@";
	const char *host = strncmp(url, "https://", 8) == 0 ? url + 8
			   : strncmp(url, "http://", 7) == 0 ? url + 7
							      : NULL;
	if (!host)
		return 0;
	size_t n = strspn(host, host_chars);
	if (n == 0 || (host[n] != '\0' && host[n] != '/'))
		return 0;
	return strspn(host + n, path_chars) == strlen(host + n);
}

/* A URL setting: checked with url_ok, stored without trailing slashes so
 * that paths can be appended; "" unsets it. */
static fq_status set_url(const struct setting *s, char *p, const char *value, fq_err *err)
{
	size_t n = strlen(value);
	while (n > 0 && value[n - 1] == '/')
		n--;
	if (n >= s->size)
		return fq_fail(err, FQ_EINVAL, s->key, "%s: longer than %zu bytes", s->key,
			       s->size - 1);
	memcpy(p, value, n);
	p[n] = '\0';
	if (n > 0 && !url_ok(p)) {
		p[0] = '\0';
		return fq_fail(err, FQ_EINVAL, s->key,
			       "%s: '%s' is not an http:// or https:// URL without query or fragment",
			       s->key, value);
	}
	return FQ_OK;
}

/* Whether value is one of the '|'-separated choices. */
static int one_of(const char *choices, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = choices; *p;) {
		size_t k = strcspn(p, "|");
		if (k == n && n > 0 && strncmp(p, value, n) == 0)
			return 1;
		p += k + (p[k] == '|');
	}
	return 0;
}

fq_status fq_config_set(fq_config *cfg, const char *key, const char *value, fq_err *err)
{
	const struct setting *s = find(key);
	if (!s)
		return fq_fail(err, FQ_ENOTFOUND, key, "unknown setting '%s'", key);
	char *p = (char *)cfg + s->offset;
	if (s->kind == K_URL)
		return set_url(s, p, value, err);
	if (s->kind == K_STR) {
		if (s->choices && !one_of(s->choices, value))
			return fq_fail(err, FQ_EINVAL, s->key, "%s: '%s' is not one of %s", s->key,
				       value, s->choices);
		if (strlen(value) >= s->size)
			return fq_fail(err, FQ_EINVAL, s->key, "%s: longer than %zu bytes",
				       s->key, s->size - 1);
		snprintf(p, s->size, "%s", value);
		return FQ_OK;
	}
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < s->min || v > s->max)
		return fq_fail(err, FQ_EINVAL, s->key, "%s: '%s' is not a number from %ld to %ld",
			       s->key, value, s->min, s->max);
	if (s->kind == K_INT)
		*(int *)p = (int)v;
	else
		*(long *)p = v;
	return FQ_OK;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

fq_status fq_config_load_file(fq_config *cfg, const char *path, int required, fq_err *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return required ? fq_fail(err, FQ_EIO, "config", "cannot open %s", path) : FQ_OK;
	char line[2048];
	int lineno = 0;
	fq_status st = FQ_OK;
	while (st == FQ_OK && fgets(line, sizeof line, f)) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (!*s)
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			st = fq_fail(err, FQ_EINVAL, "config", "%s:%d: expected key = value", path, lineno);
			break;
		}
		*eq = '\0';
		fq_err e = {0};
		st = fq_config_set(cfg, trim(s), trim(eq + 1), &e);
		if (st != FQ_OK)
			fq_fail(err, st, e.field, "%s:%d: %s", path, lineno, e.message);
	}
	fclose(f);
	return st;
}

fq_status fq_config_load_env(fq_config *cfg, fq_err *err)
{
	for (size_t k = 0; k < N_SETTINGS; k++) {
		char name[80];
		size_t n = (size_t)snprintf(name, sizeof name, "FENGQIAO_%s", settings[k].key);
		for (size_t i = 9; i < n; i++)
			name[i] = (char)toupper((unsigned char)name[i]);
		const char *v = getenv(name);
		if (!v)
			continue;
		fq_err e = {0};
		fq_status st = fq_config_set(cfg, settings[k].key, v, &e);
		if (st != FQ_OK)
			return fq_fail(err, st, e.field, "%s: %s", name, e.message);
	}
	return FQ_OK;
}

void fq_config_usage(void *file)
{
	FILE *f = file;
	for (size_t k = 0; k < N_SETTINGS; k++) {
		char flag[64], env[80];
		size_t i;
		for (i = 0; settings[k].key[i] && i + 1 < sizeof flag; i++)
			flag[i] = settings[k].key[i] == '_' ? '-' : settings[k].key[i];
		flag[i] = '\0';
		size_t n = (size_t)snprintf(env, sizeof env, "FENGQIAO_%s", settings[k].key);
		for (i = 9; i < n; i++)
			env[i] = (char)toupper((unsigned char)env[i]);
		fprintf(f, "  --%-18s %-28s %s\n", flag, env, settings[k].help);
	}
}
