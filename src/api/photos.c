/*
 * photos.c - photos on requests: POST /api/v1/requests/{id}/photos (a
 * multipart upload of one or more files in the field "photo", with an
 * optional field "kind" = report | result), GET .../photos/{photo_id} and
 * .../photos/{photo_id}/thumb, and the "photos" array of the request
 * detail (photos.h). The rules are domain/photo.h's.
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
#include "core/timeutil.h"
#include "domain/photo.h"
#include "http/multipart.h"
#include "store/store_photos.h"

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

fq_status api_photos_json(store_conn *c, http_req *r, int64_t request_id, json_t **out,
			  fq_err *err)
{
	store_photo *rows = NULL;
	size_t n = 0;
	fq_status st = store_photos_of_request(c, http_arena(r), request_id, &rows, &n, err);
	if (st != FQ_OK)
		return st;
	json_t *arr = api_photo_rows_json(rows, n);
	if (!arr)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	*out = arr;
	return FQ_OK;
}

/* ---- POST /api/v1/requests/{id}/photos: the checks --------------------- */

/* One upload on its way to the store; lives in the request's arena. The
 * decode pool and the writer thread use the arena too, while the request
 * is parked and no worker touches it. */
typedef struct upload_ctx {
	api_decode d;                      /* its decoding (decode.h) */
	http_req *r;
	app *a;
	const caller *who;
	int64_t request_id;
	photo_kind kind;
	size_t n;                          /* photos */
	photo_image img[REQ_PHOTOS_MAX];   /* checked, then decoded (malloc'd) */
	store_photo rows[REQ_PHOTOS_MAX];  /* their rows (ids set by the transaction) */
	size_t written;                    /* files on disk, two per photo */
	fq_status st;                      /* of the transaction */
	fq_err err;
} upload_ctx;

/* The request as the store has it, if the caller may add photos of kind
 * to it, with room for n more. */
static fq_status check_request(store_conn *c, const upload_ctx *u, fq_err *err)
{
	store_photo_request rq;
	fq_status st = store_photo_request_get(c, http_arena(u->r), u->request_id,
					       photo_link_leader(u->who), &rq, err);
	if (st == FQ_ENOTFOUND)
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	if (st == FQ_OK)
		st = photo_may_add(u->who, &rq, u->kind, err);
	int have = 0;
	if (st == FQ_OK)
		st = store_photos_count(c, u->request_id, photo_kind_name(u->kind), &have, err);
	if (st == FQ_OK)
		st = photo_room(u->kind, have, u->n, err);
	return st;
}

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
	st = read_kind(form, &u->kind, err);
	u->n = http_form_count(form, PHOTO_FIELD);
	if (st == FQ_OK && u->n == 0)
		st = fq_fail(err, FQ_EINVAL, PHOTO_FIELD, "attach at least one file in the field photo");
	if (st != FQ_OK)
		http_form_free(form);
	return st;
}

/* ---- the files ----------------------------------------------------------- */

static void remove_files(upload_ctx *u)
{
	for (size_t i = 0; i < u->written; i++) {
		const store_photo *p = &u->rows[i / 2];
		store_photo_file_remove(u->a->cfg.data_dir, i % 2 ? p->thumb_path : p->path);
	}
	u->written = 0;
}

/* Write photo i (prepared as img): the file and its thumbnail. */
static fq_status write_photo(upload_ctx *u, size_t i, const photo_image *img, fq_err *err)
{
	fq_arena *ar = http_arena(u->r);
	char path[PHOTO_PATH_MAX], thumb[PHOTO_PATH_MAX];
	photo_file_names(u->request_id, img->type, path, thumb);
	store_photo *row = &u->rows[i];
	*row = (store_photo){
		.request_id = u->request_id,
		.kind = photo_kind_name(u->kind),
		.mime = photo_type_mime(img->type),
		.bytes = (int64_t)img->data.len,
		.width = img->width,
		.height = img->height,
		.path = fq_arena_strdup(ar, path),
		.thumb_path = fq_arena_strdup(ar, thumb),
		.account_id = u->who ? u->who->account_id : 0,
		.created_at = fq_now_ms() / 1000,
	};
	if (!row->path || !row->thumb_path)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	fq_status st = store_photo_file_write(u->a->cfg.data_dir, row->path, img->data.data,
					      img->data.len, err);
	if (st != FQ_OK)
		return st;
	u->written++;
	st = store_photo_file_write(u->a->cfg.data_dir, row->thumb_path, img->thumb.data,
				    img->thumb.len, err);
	if (st == FQ_OK)
		u->written++;
	return st;
}

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
				       "photo %zu of %zu: %s", i + 1, u->n, e.message);
		}
		i++;
	}
	return FQ_OK;
}

static int64_t pixels_of(const upload_ctx *u)
{
	int64_t n = 0;
	for (size_t i = 0; i < u->n; i++)
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
	for (size_t i = 0; st == FQ_OK && i < u->n; i++) {
		fq_err e = {0};
		st = photo_render(&u->img[i], &e);
		if (st == FQ_OK)
			st = write_photo(u, i, &u->img[i], &e);
		photo_image_free(&u->img[i]);
		if (st != FQ_OK)
			fq_fail(&d->err, st, e.field[0] ? e.field : PHOTO_FIELD, "photo %zu of %zu: %s",
				i + 1, u->n, e.message);
	}
	if (st != FQ_OK)
		remove_files(u);
	d->st = st;
}

/* ---- the transaction and the answer ------------------------------------- */

static fq_status upload_tx(store_conn *c, void *arg, fq_err *err)
{
	upload_ctx *u = arg;
	fq_status st = check_request(c, u, err);
	for (size_t i = 0; st == FQ_OK && i < u->n; i++)
		st = store_photo_insert(c, &u->rows[i], &u->rows[i].id, err);
	return st;
}

static void upload_done(void *arg, fq_status st, const fq_err *err)
{
	upload_ctx *u = arg;
	u->st = st;
	if (st != FQ_OK && err)
		u->err = *err;
	http_resume(u->r);
}

static void upload_reply(app *a, http_req *r)
{
	(void)a;
	upload_ctx *u = http_user(r);
	if (u->st != FQ_OK) {
		remove_files(u);
		api_reply_error(r, u->st, &u->err);
		return;
	}
	json_t *arr = api_photo_rows_json(u->rows, u->n);
	if (!arr) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	api_reply_json(r, 201, json_pack("{s:o}", "photos", arr));
}

/* The checks that can answer before anything is written. */
static fq_status upload_check(app *a, upload_ctx *u, fq_err *err)
{
	store_conn *c = NULL;
	fq_status st = store_read_begin(a->db, &c);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "the store is not available");
	st = check_request(c, u, err);
	store_read_end(a->db, c);
	return st;
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
	http_suspend(r, upload_reply);
	fq_status st = store_write_async(a->db, upload_tx, u, upload_done);
	if (st != FQ_OK) {
		u->st = fq_fail(&u->err, st, "", "the store is not accepting writes");
		http_resume(r);
	}
}

/* Everything that is known before decoding: the path, the form, the
 * request and its room, and every file checked. */
static fq_status upload_start(app *a, http_req *r, upload_ctx *u, fq_err *err)
{
	http_form form = {0};
	fq_status st = api_param_id(r, 0, &u->request_id, err);
	if (st == FQ_OK)
		st = read_form(a, r, &form, u, err);
	if (st != FQ_OK)
		return st;
	st = upload_check(a, u, err);
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
	u->r = r;
	u->a = a;
	u->who = api_caller(r);
	fq_status st = upload_start(a, r, u, &err);
	if (st == FQ_OK) {
		u->d = (api_decode){.r = r, .who = u->who ? u->who->account_id : 0,
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
	const caller *who = api_caller(r);
	store_conn *c = NULL;
	st = store_read_begin(a->db, &c);
	if (st != FQ_OK)
		return fq_fail(err, st, "", "the store is not available");
	store_photo_request rq;
	st = store_photo_request_get(c, http_arena(r), request_id, photo_link_leader(who), &rq,
				     err);
	if (st == FQ_OK && !photo_request_visible(who, &rq))
		st = fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	if (st == FQ_OK)
		st = store_photo_get(c, http_arena(r), request_id, photo_id, out, err);
	store_read_end(a->db, c);
	return st;
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
	st = store_photo_file_read(a->cfg.data_dir, rel, thumb ? THUMB_BYTES_MAX : PHOTO_BYTES_CEIL,
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
