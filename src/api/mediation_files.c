/*
 * mediation_files.c - attachments of cloud-mediation threads, for staff
 * and parties alike (mediation.h): a multipart upload of 1 to
 * MED_FILES_PER_POST_MAX files in the field "file" with an optional
 * caption in the field "body" becomes one message, and one attachment (or
 * its thumbnail) is sent back.
 *
 * A file is judged by its magic bytes (JPEG, PNG, WebP, PDF). A photo is
 * cleaned of its metadata (EXIF with GPS, XMP, comments) and checked whole
 * by domain/photo.h's photo_check, every file before any is decoded; a
 * PDF is kept as sent. The photos are then decoded and their thumbnails
 * drawn (photo_render) in the decode pool (decode.h), with the request
 * parked, under the same limits per caller as request photos (a party by
 * link counts as its party). The bytes are stored in the database with
 * the message, in the same transaction, so a refused upload leaves
 * nothing behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/json.h"
#include "api/mediation.h"
#include "api/park.h"
#include "core/timeutil.h"
#include "domain/photo.h"
#include "http/multipart.h"

#define BODY_PART_MAX_BYTES (MED_BODY_MAX_CHARS * 4) /* UTF-8 bytes of the caption */
#define ATTACHMENT_CACHE "private, max-age=3600"
#define DISPOSITION_MAX 512 /* bytes of a Content-Disposition header */

typedef struct upload_ctx {
	medsvc_post_job job; /* first: api_submit */
	api_decode d;   /* the photos' decoding (decode.h) */
	const char *att_base;
	store_med_attachment rows[MED_FILES_PER_POST_MAX];
	photo_image img[MED_FILES_PER_POST_MAX]; /* checked, then decoded photos (malloc'd) */
	photo_blob pdf[MED_FILES_PER_POST_MAX];  /* PDFs as sent (malloc'd) */
} upload_ctx;

static void upload_free(upload_ctx *u)
{
	for (size_t i = 0; i < MED_FILES_PER_POST_MAX; i++) {
		photo_image_free(&u->img[i]);
		photo_blob_free(&u->pdf[i]);
	}
}

/* ---- the files -------------------------------------------------------------------- */

/* Check file i (data, len) into u->rows[i] and its bytes; a photo is
 * cleaned and checked whole, not yet decoded. */
static fq_status check_one(upload_ctx *u, size_t i, const http_part *part, fq_err *err)
{
	med_file_type t = MED_FILE_NONE;
	fq_status st = med_file_check(part->data.data, part->data.len, &t, err);
	if (st != FQ_OK)
		return st;
	store_med_attachment *row = &u->rows[i];
	char name[MED_FILE_NAME_MAX_CHARS * 4 + 1];
	med_file_name_clean(part->filename, name, sizeof name);
	*row = (store_med_attachment){.dispute_id = u->job.by.dispute_id, .mime = med_file_mime(t),
				      .file_name = fq_arena_strdup(u->job.by.a, name),
				      .created_at = u->job.by.now};
	if (t == MED_FILE_PDF) {
		u->pdf[i].data = malloc(part->data.len);
		if (!u->pdf[i].data)
			return fq_fail(err, FQ_ENOMEM, "", "out of memory");
		memcpy(u->pdf[i].data, part->data.data, part->data.len);
		u->pdf[i].len = part->data.len;
		row->data = u->pdf[i].data;
		row->data_len = u->pdf[i].len;
		row->bytes = (int64_t)row->data_len;
		return FQ_OK;
	}
	fq_err e = {{0}, {0}};
	st = photo_check(part->data.data, part->data.len, &u->img[i], &e);
	if (st != FQ_OK)
		return fq_failr(err, st, MED_FILE_FIELD, e.rule, "%s", e.message);
	row->data = u->img[i].data.data;
	row->data_len = u->img[i].data.len;
	row->bytes = (int64_t)row->data_len;
	row->width = u->img[i].width;
	row->height = u->img[i].height;
	return FQ_OK;
}

static fq_status check_all(upload_ctx *u, const http_form *form, fq_err *err)
{
	size_t i = 0;
	for (size_t k = 0; k < form->n; k++) {
		const http_part *part = &form->parts[k];
		if (strcmp(part->name, MED_FILE_FIELD) != 0)
			continue;
		fq_err e = {{0}, {0}};
		fq_status st = check_one(u, i, part, &e);
		if (st != FQ_OK)
			return fq_fail(err, st, e.field[0] ? e.field : MED_FILE_FIELD,
				       "file %zu of %zu: %s", i + 1, u->job.n, e.message);
		i++;
	}
	return FQ_OK;
}

/* Pixels of the photos of the upload: what decoding them costs. */
static int64_t pixels_of(const upload_ctx *u)
{
	int64_t n = 0;
	for (size_t i = 0; i < u->job.n; i++)
		n += u->img[i].data.data ? photo_pixels(&u->img[i]) : 0;
	return n;
}

/* In the decode pool: decode every photo and draw its thumbnail. */
static void decode_work(api_decode *d)
{
	upload_ctx *u = d->ctx;
	d->st = FQ_OK;
	for (size_t i = 0; d->st == FQ_OK && i < u->job.n; i++) {
		if (!u->img[i].data.data)
			continue; /* a PDF */
		fq_err e = {{0}, {0}};
		d->st = photo_render(&u->img[i], &e);
		if (d->st != FQ_OK)
			fq_fail(&d->err, d->st, MED_FILE_FIELD, "file %zu of %zu: %s", i + 1, u->job.n,
				e.message);
	}
}

/* The form's caption and file count, checked. */
static fq_status read_form(upload_ctx *u, const http_form *form, fq_err *err)
{
	u->job.n = http_form_count(form, MED_FILE_FIELD);
	if (u->job.n == 0)
		return fq_failr(err, FQ_EINVAL, MED_FILE_FIELD, "mediation.file_required",
				"attach a file in the field file");
	if (u->job.n > MED_FILES_PER_POST_MAX)
		return fq_failr(err, FQ_ETOOBIG, MED_FILE_FIELD, "mediation.files_max",
				"attach at most %d files at once",
				MED_FILES_PER_POST_MAX);
	if (http_form_count(form, MED_BODY_FIELD) > 1)
		return fq_fail(err, FQ_EINVAL, MED_BODY_FIELD, "give body once");
	const http_part *b = http_form_get(form, MED_BODY_FIELD);
	u->job.body = fq_arena_strdup(u->job.by.a, b ? b->data.data : "");
	if (!u->job.body)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	if (b && strlen(u->job.body) != b->data.len)
		return fq_fail(err, FQ_EINVAL, MED_BODY_FIELD, "the caption holds a NUL byte");
	return med_body_valid(u->job.body, true, MED_BODY_FIELD, err);
}

/* ---- the write ----------------------------------------------------------------------- */

static void upload_reply(app *a, http_req *r)
{
	(void)a;
	upload_ctx *u = http_user(r);
	upload_free(u);
	if (!api_job_done(r))
		return;
	u->job.msg.att = u->rows;
	u->job.msg.n_att = u->job.n;
	api_reply_json(r, 201, medapi_message_json(&u->job.msg, &u->job.by.actor, u->att_base));
}

/* The pool's refusals name its field "photo"; here the files are "file". */
static void name_file(fq_err *err)
{
	if (strcmp(err->field, PHOTO_FIELD) == 0)
		snprintf(err->field, sizeof err->field, "%s", MED_FILE_FIELD);
}

/* Back from the decode pool: write the message and its files. */
static void upload_decoded(app *a, http_req *r)
{
	upload_ctx *u = http_user(r);
	if (u->d.st != FQ_OK) {
		upload_free(u);
		name_file(&u->d.err);
		api_reply_error(r, u->d.st, &u->d.err);
		return;
	}
	api_submit(a, r, &u->job.job, upload_reply);
}

/* Parse and check the upload of r into u. */
static fq_status upload_prepare(http_req *r, upload_ctx *u, fq_err *err)
{
	const http_form_field fields[] = {
		{MED_FILE_FIELD, (size_t)MED_FILE_BYTES_MAX},
		{MED_BODY_FIELD, BODY_PART_MAX_BYTES},
	};
	http_form form = {0};
	fq_status st = http_form_parse(r, fields, sizeof fields / sizeof fields[0], &form, err);
	if (st != FQ_OK)
		return st;
	st = read_form(u, &form, err);
	if (st == FQ_OK)
		st = check_all(u, &form, err);
	http_form_free(&form);
	return st;
}

void medapi_upload(app *a, http_req *r, int64_t dispute_id, const med_actor *actor,
		   const char *att_base, const unsigned char *party_hash)
{
	fq_err err = {{0}, {0}};
	upload_ctx *u = fq_arena_alloc(http_arena(r), sizeof *u);
	if (!u) {
		api_reply_error(r, FQ_ENOMEM, NULL);
		return;
	}
	*u = (upload_ctx){.att_base = att_base};
	medsvc_post_job_init(&u->job);
	medapi_by(r, dispute_id, actor, party_hash, &u->job.by);
	u->job.rows = u->rows;
	u->job.img = u->img;
	fq_status st = upload_prepare(r, u, &err);
	int64_t pixels = st == FQ_OK ? pixels_of(u) : 0;
	if (st == FQ_OK && pixels == 0) { /* PDFs only: nothing to decode */
		api_submit(a, r, &u->job.job, upload_reply);
		return;
	}
	if (st == FQ_OK) {
		u->d = (api_decode){.r = r, .work = decode_work, .ctx = u,
				    .who = actor->account_id ? actor->account_id : -actor->party_id};
		st = api_decode_park(a, &u->d, pixels, upload_decoded, &err);
		name_file(&err);
	}
	if (st != FQ_OK) {
		upload_free(u);
		api_reply_error(r, st, &err);
	}
}

/* ---- sending one back ---------------------------------------------------------------- */

/* Content-Disposition for a file name: inline for pictures, attachment
 * for PDFs, the name percent-encoded as RFC 6266's filename*. */
static const char *disposition(fq_arena *ar, const store_med_attachment *t)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[DISPOSITION_MAX];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)t->file_name; *p && o + 4 < sizeof enc;
	     p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_') {
			enc[o++] = (char)*p;
			continue;
		}
		enc[o++] = '%';
		enc[o++] = hex[*p >> 4];
		enc[o++] = hex[*p & 15];
	}
	enc[o] = '\0';
	bool pdf = strcmp(t->mime, "application/pdf") == 0;
	return fq_arena_printf(ar, "%s; filename*=UTF-8''%s", pdf ? "attachment" : "inline", enc);
}

void medapi_send_attachment(app *a, http_req *r, int64_t dispute_id, int64_t att_id)
{
	fq_err err = {{0}, {0}};
	const char *q = http_query(r, "thumb");
	bool thumb = q && strcmp(q, "1") == 0;
	store_med_attachment t;
	fq_status st = medsvc_attachment(a->db, http_arena(r), dispute_id, att_id, thumb, &t, &err);
	if (st != FQ_OK) {
		api_reply_error(r, st, &err);
		return;
	}
	const char *disp = disposition(http_arena(r), &t);
	if (disp)
		http_add_header(r, "Content-Disposition", disp);
	http_add_header(r, "Cache-Control", ATTACHMENT_CACHE);
	http_add_header(r, "X-Content-Type-Options", "nosniff");
	http_add_header(r, "Content-Security-Policy", "default-src 'none'");
	http_reply(r, 200, t.mime, t.data, t.data_len);
}
