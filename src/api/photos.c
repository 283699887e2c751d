/*
 * photos.c - photos on requests: POST /api/v1/requests/{id}/photos (a
 * multipart upload of one or more files in the field "photo", with an
 * optional field "kind" = report | result), GET .../photos/{photo_id} and
 * .../photos/{photo_id}/thumb, and the "photos" array of the request
 * detail (photos.h). The rules are domain/photo.h's, the checks, files
 * and the write domain/photo_svc.h's.
 *
 * An upload runs in four steps. On the worker: parse the form, check
 * that the caller may add photos of that kind and that there is room, and
 * check every file whole (type, container, size, not truncated) before
 * any is decoded. In the decode pool (decode.h), with the request parked:
 * decode every file, make its thumbnail and write the files (fsynced)
 * under the data directory. On the writer thread: check again (the
 * request may have moved meanwhile) and insert the rows. Back on a
 * worker: answer 201, or remove the files when the transaction failed, so
 * that a refused upload leaves nothing behind.
 */
#include "api/handlers.h"
#include "api/photos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/decode.h"
#include "api/json.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "domain/photo_svc.h"
#include "http/multipart.h"

#define KIND_FIELD "kind"
#define KIND_MAX_BYTES 16            /* bytes of the kind field */
#define PHOTO_URL_MAX 96             /* bytes of a photo's URL */
#define PHOTO_CACHE_CONTROL "private, max-age=86400"
#define THUMB_BYTES_MAX (1024 * 1024) /* a thumbnail file read back */

/* ---- JSON -------------------------------------------------------------- */

static json_t *photo_json(const store_photo *p)
{
	char url[PHOTO_URL_MAX], thumb[PHOTO_URL_MAX];
	snprintf(url, sizeof url, "/api/v1/requests/%lld/photos/%lld", (long long)p->request_id,
		 (long long)p->id);
	snprintf(thumb, sizeof thumb, "/api/v1/requests/%lld/photos/%lld/thumb",
		 (long long)p->request_id, (long long)p->id);
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:i}", "id", (json_int_t)p->id, "kind",
			 p->kind, "url", url, "thumb_url", thumb, "width", p->width, "height",
			 p->height);
}

json_t *api_photo_rows_json(const store_photo *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, photo_json(&rows[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* ---- POST /api/v1/requests/{id}/photos: the checks --------------------- */

/* One upload on its way to the store; lives in the request's arena. The
 * decode pool and the writer thread use the arena too, while the request
 * is parked and no worker touches it. */
typedef struct upload_ctx {
	photosvc_upload_job job;           /* first: api_submit */
	api_decode d;                      /* its decoding (decode.h) */
	photo_image img[REQ_PHOTOS_MAX];   /* checked, then decoded (malloc'd) */
} upload_ctx;

static fq_status read_kind(const http_form *form, photo_kind *kind, fq_err *err)
{
	size_t n = http_form_count(form, KIND_FIELD);
	if (n > 1)
		return fq_fail(err, FQ_EINVAL, KIND_FIELD, "give kind once");
	const http_part *p = http_form_get(form, KIND_FIELD);
	*kind = p ? photo_kind_parse(p->data.data) : PHOTO_REPORT;
	if (*kind == PHOTO_KIND_NONE)
		return fq_fail(err, FQ_EINVAL, KIND_FIELD, "kind is report or result");
	return FQ_OK;
}

/* The form of r, its kind, and its photo count, checked. */
static fq_status read_form(app *a, http_req *r, http_form *form, upload_ctx *u, fq_err *err)
{
	const http_form_field fields[] = {
		{PHOTO_FIELD, (size_t)a->cfg.max_photo_bytes},
		{KIND_FIELD, KIND_MAX_BYTES},
	};
	fq_status st = http_form_parse(r, fields, sizeof fields / sizeof fields[0], form, err);
	if (st != FQ_OK)
		return st;
	st = read_kind(form, &u->job.kind, err);
	u->job.n = http_form_count(form, PHOTO_FIELD);
	if (st == FQ_OK && u->job.n == 0)
		st = fq_failr(err, FQ_EINVAL, PHOTO_FIELD, "photo.required",
			      "attach at least one file in the field photo");
	if (st != FQ_OK)
		http_form_free(form);
	return st;
}

/* ---- the files ----------------------------------------------------------- */

static void images_free(upload_ctx *u)
{
	for (size_t i = 0; i < REQ_PHOTOS_MAX; i++)
		photo_image_free(&u->img[i]);
}

/* Check every photo of the form whole, before any is decoded, into
 * u->img; err names the first bad one by its position. */
static fq_status check_all(upload_ctx *u, const http_form *form, fq_err *err)
{
	size_t i = 0;
	for (size_t k = 0; k < form->n; k++) {
		const http_part *part = &form->parts[k];
		if (strcmp(part->name, PHOTO_FIELD) != 0)
			continue;
		fq_err e = {0};
		fq_status st = photo_check(part->data.data, part->data.len, &u->img[i], &e);
		if (st != FQ_OK) {
			images_free(u);
			return fq_fail(err, st, e.field[0] ? e.field : PHOTO_FIELD,
				       "photo %zu of %zu: %s", i + 1, u->job.n, e.message);
		}
		i++;
	}
	return FQ_OK;
}

static int64_t pixels_of(const upload_ctx *u)
{
	int64_t n = 0;
	for (size_t i = 0; i < u->job.n; i++)
		n += photo_pixels(&u->img[i]);
	return n;
}

/* In the decode pool: decode every photo, draw its thumbnail and write
 * both files; on error the files written so far are removed and the error
 * names the photo by its position. */
static void decode_work(api_decode *d)
{
	upload_ctx *u = d->ctx;
	fq_status st = FQ_OK;
	for (size_t i = 0; st == FQ_OK && i < u->job.n; i++) {
		fq_err e = {0};
		st = photo_render(&u->img[i], &e);
		if (st == FQ_OK)
			st = photosvc_write_files(&u->job, i, &u->img[i], &e);
		photo_image_free(&u->img[i]);
		if (st != FQ_OK)
			fq_fail(&d->err, st, e.field[0] ? e.field : PHOTO_FIELD, "photo %zu of %zu: %s",
				i + 1, u->job.n, e.message);
	}
	if (st != FQ_OK)
		photosvc_remove_files(&u->job);
	d->st = st;
}

/* ---- the write and the answer ------------------------------------- */

static void upload_reply(app *a, http_req *r)
{
	(void)a;
	upload_ctx *u = http_user(r);
	if (!api_job_done(r)) {
		photosvc_remove_files(&u->job);
		return;
	}
	json_t *arr = api_photo_rows_json(u->job.rows, u->job.n);
	if (!arr) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	api_reply_json(r, 201, json_pack("{s:o}", "photos", arr));
}

/* Back from the decode pool: the files are written; insert the rows. */
static void upload_decoded(app *a, http_req *r)
{
	upload_ctx *u = http_user(r);
	images_free(u); /* those the pool did not reach */
	if (u->d.st != FQ_OK) {
		api_reply_error(r, u->d.st, &u->d.err);
		return;
	}
	api_submit(a, r, &u->job.job, upload_reply);
}

/* Everything that is known before decoding: the path, the form, the
 * request and its room, and every file checked. */
static fq_status upload_start(app *a, http_req *r, upload_ctx *u, fq_err *err)
{
	http_form form = {0};
	fq_status st = api_param_id(r, 0, &u->job.request_id, err);
	if (st == FQ_OK)
		st = read_form(a, r, &form, u, err);
	if (st != FQ_OK)
		return st;
	st = photosvc_check(a->db, &u->job, err);
	if (st == FQ_OK)
		st = check_all(u, &form, err);
	http_form_free(&form);
	return st;
}

void api_photo_upload(app *a, http_req *r)
{
	fq_err err = {0};
	upload_ctx *u = fq_arena_alloc(http_arena(r), sizeof *u);
	if (!u) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	memset(u, 0, sizeof *u);
	photosvc_upload_job_init(&u->job);
	u->job.a = http_arena(r);
	u->job.who = api_caller(r);
	u->job.data_dir = a->cfg.data_dir;
	fq_status st = upload_start(a, r, u, &err);
	if (st == FQ_OK) {
		u->d = (api_decode){.r = r, .who = u->job.who ? u->job.who->account_id : 0,
				    .work = decode_work, .ctx = u};
		st = api_decode_park(a, &u->d, pixels_of(u), upload_decoded, &err);
	}
	if (st != FQ_OK) {
		images_free(u);
		api_reply_error(r, st, &err);
	}
}

/* ---- GET .../photos/{photo_id} and .../thumb ------------------------------ */

/* The photo of the request in the path, if the caller may see the request. */
static fq_status find_photo(app *a, http_req *r, store_photo *out, fq_err *err)
{
	int64_t request_id, photo_id;
	fq_status st = api_param_id(r, 0, &request_id, err);
	if (st == FQ_OK)
		st = api_param_id(r, 1, &photo_id, err);
	if (st != FQ_OK)
		return st;
	return photosvc_find(a->db, http_arena(r), api_caller(r), request_id, photo_id, out, err);
}

/* The file's name (its last path segment: random, so it names one content
 * for ever) as a strong ETag. */
static const char *etag_of(http_req *r, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return fq_arena_printf(http_arena(r), "\"%s\"", slash ? slash + 1 : rel);
}

static int not_modified(http_req *r, const char *etag)
{
	const char *inm = http_header(r, "If-None-Match");
	return inm && etag && (strstr(inm, etag) || strcmp(inm, "*") == 0);
}

static void serve_photo(app *a, http_req *r, int thumb)
{
	fq_err err = {0};
	store_photo p = {0};
	fq_status st = find_photo(a, r, &p, &err);
	const char *rel = thumb ? p.thumb_path : p.path;
	if (st == FQ_OK && !rel)
		st = fq_fail(&err, FQ_ENOTFOUND, "photo_id", "the photo has no thumbnail");
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	const char *etag = etag_of(r, rel);
	if (etag)
		http_add_header(r, "ETag", etag);
	http_add_header(r, "Cache-Control", PHOTO_CACHE_CONTROL);
	if (not_modified(r, etag)) {
		http_reply(r, 304, NULL, "", 0);
		return;
	}
	char *data = NULL;
	size_t len = 0;
	st = photosvc_file_read(a->cfg.data_dir, rel, thumb ? THUMB_BYTES_MAX : PHOTO_BYTES_CEIL,
				   &data, &len, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	http_reply_take(r, 200, thumb ? photo_type_mime(PHOTO_JPEG) : p.mime, data, len);
}

void api_photo_get(app *a, http_req *r)
{
	serve_photo(a, r, 0);
}

void api_photo_thumb(app *a, http_req *r)
{
	serve_photo(a, r, 1);
}
