/*
 * search_svc.c - the request list service (search_svc.h).
 */
#include "domain/search_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "domain/ladder.h"
#include "domain/lifecycle.h"
#include "store/store_catalogue.h"

/* Bytes of a formatted time cell, and of a temporary path. */
#define CELL_MAX 40
#define TMP_PATH_MAX 256

/* ---- the filter's references ----------------------------------------------- */

/* category=<id> or category=<code>; a top class takes its sub-categories. */
static fq_status resolve_category(store_conn *c, fq_arena *a, const char *s,
				  store_search_filter *f, fq_err *err)
{
	if (!s || !*s)
		return FQ_OK;
	char *end = NULL;
	long long id = strtoll(s, &end, 10);
	int numeric = end && *end == '\0' && id > 0;
	store_category cat;
	fq_status st = store_category_get(c, numeric ? id : 0, numeric ? NULL : s, a, &cat, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_EINVAL, "category", "unknown category %s", s);
	if (st == FQ_OK)
		f->category_id = cat.id;
	return st;
}

static fq_status resolve_unit(store_conn *c, fq_arena *a, const caller *who, int64_t id,
			      store_search_filter *f, fq_err *err)
{
	const char *kind = NULL, *path = NULL;
	if (id == 0)
		return FQ_OK;
	fq_status st = store_search_unit(c, id, a, &kind, &path, err);
	if (st == FQ_OK)
		st = search_unit_allowed(who, path, err);
	if (st == FQ_OK)
		f->unit_path = path;
	return st;
}

/* What every read of this file does first: the references, then the
 * caller's reach. */
static fq_status resolve(store_conn *c, fq_arena *a, const caller *who, const srchsvc_refs *refs,
			 store_search_filter *f, fq_err *err)
{
	fq_status st = resolve_category(c, a, refs->category, f, err);
	if (st == FQ_OK)
		st = resolve_unit(c, a, who, refs->unit_id, f, err);
	search_scope_of(who, &f->scope);
	return st;
}

/* ---- a page ------------------------------------------------------------------ */

/* The arguments of a read of this file: a page or an export. */
typedef struct srch_read {
	fq_arena *a;
	const caller *who;
	const srchsvc_refs *refs;
	store_search_filter *f;
	store_search_row **out; /* a page */
	size_t *n;
	int *more;
	sheet_format fmt;       /* an export */
	char **data;
	size_t *len;
} srch_read;

static fq_status page_body(store_conn *c, void *arg, fq_err *err)
{
	srch_read *x = arg;
	fq_status st = resolve(c, x->a, x->who, x->refs, x->f, err);
	if (st == FQ_OK)
		st = store_search_requests(c, x->f, x->a, x->out, x->n, x->more, err);
	return st;
}

fq_status srchsvc_requests(store *db, fq_arena *a, const caller *who, const srchsvc_refs *refs,
			   store_search_filter *f, store_search_row **out, size_t *n, int *more,
			   fq_err *err)
{
	srch_read x = {.a = a, .who = who, .refs = refs, .f = f, .out = out, .n = n, .more = more};
	return svc_read(db, page_body, &x, err);
}

fq_status srchsvc_households_requests(store_conn *c, fq_arena *a, const int64_t *ids, size_t n,
				      store_search_row **out, size_t *nr, fq_err *err)
{
	return store_requests_of_households(c, ids, (int)n, SEARCH_HOUSEHOLD_REQUESTS, a, out, nr,
					    err);
}

/* ---- the export -------------------------------------------------------------- */

static const sheet_col export_cols[] = {
	{"编号", 20, false},     {"标题", 30, false},     {"分类", 14, false},
	{"渠道", 8, false},      {"状态", 8, false},      {"层级", 8, false},
	{"网格", 16, false},     {"楼栋", 20, false},     {"地址", 30, false},
	{"纬度", 11, false},     {"经度", 11, false},     {"内容", 50, false},
	{"创建时间", 26, false}, {"签收时限", 26, false}, {"办结时限", 26, false},
	{"时效", 10, false},     {"督办", 8, false},
};

#define EXPORT_COLS (sizeof export_cols / sizeof export_cols[0])

static const char *timing_label(sla_timing t)
{
	switch (t) {
	case SLA_ON_TIME:
		return "正常";
	case SLA_DUE_SOON:
		return "即将到期";
	case SLA_OVERDUE:
		return "已超时";
	}
	return "";
}

typedef struct export_job {
	sheet *out;
	int64_t now;
} export_job;

static const char *time_cell(int64_t t, char *buf)
{
	return t > 0 ? fq_time_rfc3339(t, buf, CELL_MAX) : "";
}

/* A latitude or longitude in degrees to six decimals (about 0.1 m), or ""
 * when the request has no point. */
static const char *degrees_cell(int has_point, double v, char *buf)
{
	if (!has_point)
		return "";
	snprintf(buf, CELL_MAX, "%.6f", v);
	return buf;
}

static fq_status export_row(void *arg, const store_search_row *row, fq_err *err)
{
	export_job *j = arg;
	char created[CELL_MAX], accept[CELL_MAX], resolve[CELL_MAX], lat[CELL_MAX], lon[CELL_MAX];
	const char *f[EXPORT_COLS] = {
		row->number,
		row->title,
		row->category_name,
		search_channel_label(row->channel),
		req_state_label(req_state_parse(row->state), "zh"),
		ladder_level_label(row->level, "zh"),
		row->grid_name,
		row->building_name ? row->building_name : "",
		row->address,
		degrees_cell(row->has_point, row->lat, lat),
		degrees_cell(row->has_point, row->lon, lon),
		row->description,
		time_cell(row->created_at, created),
		time_cell(row->accept_due, accept),
		time_cell(row->resolve_due, resolve),
		timing_label(search_timing(row, j->now)),
		req_card_label(req_card_parse(row->card), "zh"),
	};
	return sheet_row(j->out, f, err);
}

/* Read the whole file at path into a malloc'd buffer. */
static fq_status slurp(const char *path, char **out, size_t *len, fq_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct stat sb;
	char *data = NULL;
	fq_status st = FQ_OK;
	if (!fp || fstat(fileno(fp), &sb) != 0)
		st = fq_fail(err, FQ_EIO, "", "cannot read the export back");
	if (st == FQ_OK && !(data = malloc((size_t)sb.st_size + 1)))
		st = FQ_ENOMEM;
	if (st == FQ_OK && fread(data, 1, (size_t)sb.st_size, fp) != (size_t)sb.st_size)
		st = fq_fail(err, FQ_EIO, "", "cannot read the export back");
	if (fp)
		fclose(fp);
	if (st != FQ_OK) {
		free(data);
		return st;
	}
	*out = data;
	*len = (size_t)sb.st_size;
	return FQ_OK;
}

/* A new empty file for the export, in the temporary directory. */
static fq_status temp_file(char *path, size_t n, fq_err *err)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/fengqiao-export-XXXXXX", dir && *dir ? dir : P_tmpdir);
	int fd = mkstemp(path);
	if (fd < 0)
		return fq_fail(err, FQ_EIO, "", "cannot create a temporary file for the export");
	close(fd);
	return FQ_OK;
}

/* Write the rows of f to a file of format fmt and read it back. */
static fq_status export_file(store_conn *c, const store_search_filter *f, sheet_format fmt,
			     char **data, size_t *len, fq_err *err)
{
	char path[TMP_PATH_MAX];
	export_job j = {.now = f->now};
	fq_status st = temp_file(path, sizeof path, err);
	if (st != FQ_OK)
		return st;
	st = sheet_open(fmt, path, "诉求", export_cols, EXPORT_COLS, &j.out, err);
	if (st == FQ_OK)
		st = store_search_each(c, f, SEARCH_EXPORT_MAX, export_row, &j, err);
	fq_status closed = sheet_close(j.out, err);
	if (st == FQ_OK)
		st = closed;
	if (st == FQ_ETOOBIG)
		st = fq_failr(err, FQ_ETOOBIG, "limit", "search.export_max",
			      "an export holds at most %d requests; narrow the filters",
			      SEARCH_EXPORT_MAX);
	if (st == FQ_OK)
		st = slurp(path, data, len, err);
	unlink(path);
	return st;
}

static fq_status export_body(store_conn *c, void *arg, fq_err *err)
{
	srch_read *x = arg;
	fq_status st = resolve(c, x->a, x->who, x->refs, x->f, err);
	if (st == FQ_OK)
		st = export_file(c, x->f, x->fmt, x->data, x->len, err);
	return st;
}

fq_status srchsvc_export(store *db, fq_arena *a, const caller *who, const srchsvc_refs *refs,
			 store_search_filter *f, sheet_format fmt, char **data, size_t *len,
			 fq_err *err)
{
	srch_read x = {.a = a, .who = who, .refs = refs, .f = f, .fmt = fmt, .data = data,
		       .len = len};
	return svc_read(db, export_body, &x, err);
}
