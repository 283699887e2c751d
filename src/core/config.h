/*
 * config.h - the server's settings, read from a file, then the environment,
 * then command-line flags, each overriding the one before. Every setting is
 * one row of one table (config.c), which gives its file key, its variable
 * FENGQIAO_<KEY> and its flag --<key-with-dashes>.
 */
#ifndef FQ_CORE_CONFIG_H
#define FQ_CORE_CONFIG_H

#include <stddef.h>

#include "core/status.h"

#define FQ_PATH_MAX 1024
#define FQ_URL_MAX 512 /* bytes of public_url */

typedef struct fq_config {
	char listen[64];          /* address to bind, default 127.0.0.1 */
	int port;                 /* default 8080 */
	char db_path[FQ_PATH_MAX];  /* SQLite file, default ./var/fengqiao.db */
	char data_dir[FQ_PATH_MAX]; /* uploads and exports, default ./var */
	char web_dir[FQ_PATH_MAX];  /* static UI, default ./web */
	char tile_url[FQ_PATH_MAX]; /* map tiles, "https://t.example/{z}/{x}/{y}.png"; "" none */
	char tile_label_url[FQ_PATH_MAX]; /* annotation tiles drawn over tile_url; "" none */
	char tile_crs[8];         /* the tiles' system: "wgs84" (default) or "gcj02" */
	char access_log[FQ_PATH_MAX]; /* "-" for stdout, "" to disable */
	int threads;              /* worker threads; 0 = number of cores */
	long max_body;            /* bytes of a JSON body, default 1 MiB */
	long max_photo_bytes;     /* bytes of one uploaded photo, default 8 MiB */
	int max_connections;      /* open connections in all */
	int max_per_ip;           /* open connections from one address */
	int timeout_s;            /* idle connection timeout */
	int header_timeout_s;     /* a request's line and headers are due within */
	int session_hours;        /* session lifetime */
	int batch_max;            /* transactions per group commit */
	int cookie_secure;        /* add Secure to the session cookie */
	int max_sse_clients;      /* live event streams open at once */
	int sweep_interval_s;     /* seconds between sweeps of due requests; 0 = none */
	int remind_before_pct;    /* reminder before a deadline: percent of the limit */
	int remind_span_min;      /* a person's reminder (催一催): at most one a request per span */
	char score_weights[64];   /* composite weights "response,resolution,satisfaction" */
	char public_url[FQ_URL_MAX]; /* "https://fq.example.org": origin of every absolute link; "" none */
	int metrics_public;       /* 1: anyone may read /metrics; 0: loopback callers and admins */
	int demo_live;            /* seconds between two steps of the living demo; 0 = off */
} fq_config;

/* Fill cfg with the defaults. */
void fq_config_defaults(fq_config *cfg);

/* Apply "key = value" lines from path ('#' starts a comment). A missing
 * file is an error only when required is non-zero. On error err names the
 * line and key, and cfg may be partly applied. */
fq_status fq_config_load_file(fq_config *cfg, const char *path, int required, fq_err *err);

/* Apply every FENGQIAO_<KEY> variable that is set. */
fq_status fq_config_load_env(fq_config *cfg, fq_err *err);

/* Apply one setting by its file key or flag name (dashes or underscores).
 * FQ_ENOTFOUND for an unknown key, FQ_EINVAL for a bad value. */
fq_status fq_config_set(fq_config *cfg, const char *key, const char *value, fq_err *err);

/* Print every setting with its default and variable name, for --help. */
void fq_config_usage(void *file);

#endif
