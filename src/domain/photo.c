/*
 * photo.c - decoding an upload with libgd, its thumbnail, the names of its
 * files, and who may add or see photos; see photo.h. The containers
 * themselves (magic bytes, sizes, metadata) are photo_meta.c's.
 */
#include "domain/photo.h"

#include <gd.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "domain/org.h"
#include "domain/requests.h"

/* EXIF orientations 5..8 turn the picture a quarter: width and height swap. */
#define ORIENT_TRANSPOSED_MIN 5

#define WHITE 0xFFFFFF /* thumbnail background under transparent pixels */

void photo_blob_free(photo_blob *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

void photo_image_free(photo_image *p)
{
	if (!p)
		return;
	photo_blob_free(&p->data);
	photo_blob_free(&p->thumb);
}

void photo_thumb_size(int w, int h, int *tw, int *th)
{
	int longest = w > h ? w : h;
	if (longest <= PHOTO_THUMB_SIDE) {
		*tw = w;
		*th = h;
		return;
	}
	*tw = (int)(((long)w * PHOTO_THUMB_SIDE + longest / 2) / longest);
	*th = (int)(((long)h * PHOTO_THUMB_SIDE + longest / 2) / longest);
	if (*tw < 1)
		*tw = 1;
	if (*th < 1)
		*th = 1;
}

/* ---- libgd ------------------------------------------------------------- */

static gdImagePtr decode(photo_type t, const void *data, size_t len)
{
	void *p = (void *)data; /* libgd's readers do not write to it */
	switch (t) {
	case PHOTO_JPEG: return gdImageCreateFromJpegPtrEx((int)len, p, 1);
	case PHOTO_PNG: return gdImageCreateFromPngPtr((int)len, p);
	case PHOTO_WEBP: return gdImageCreateFromWebpPtr((int)len, p);
	default: return NULL;
	}
}

/* Where the pixel (x, y) of the upright picture is in the stored one of
 * w x h pixels, for EXIF orientation o (TIFF 6.0 / EXIF 2.3 meaning). */
static void orient_source(int o, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - x; *sy = y; break;
	case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;
	case 4: *sx = x; *sy = h - 1 - y; break;
	case 5: *sx = y; *sy = x; break;
	case 6: *sx = y; *sy = h - 1 - x; break;
	case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;
	case 8: *sx = w - 1 - y; *sy = x; break;
	default: *sx = x; *sy = y; break;
	}
}

/* im turned upright by orientation o: im itself for 1, else a new image
 * (im is then destroyed). NULL when out of memory (im destroyed too). */
static gdImagePtr orient(gdImagePtr im, int o)
{
	if (o <= 1)
		return im;
	int w = gdImageSX(im), h = gdImageSY(im);
	int dw = o >= ORIENT_TRANSPOSED_MIN ? h : w, dh = o >= ORIENT_TRANSPOSED_MIN ? w : h;
	gdImagePtr up = gdImageCreateTrueColor(dw, dh);
	for (int y = 0; up && y < dh; y++)
		for (int x = 0; x < dw; x++) {
			int sx, sy;
			orient_source(o, w, h, x, y, &sx, &sy);
			gdImageSetPixel(up, x, y, gdImageGetTrueColorPixel(im, sx, sy));
		}
	gdImageDestroy(im);
	return up;
}

/* The stored picture scaled to its thumbnail size over white. */
static gdImagePtr scale(gdImagePtr src)
{
	int w = gdImageSX(src), h = gdImageSY(src), tw, th;
	photo_thumb_size(w, h, &tw, &th);
	gdImagePtr t = gdImageCreateTrueColor(tw, th);
	if (!t)
		return NULL;
	gdImageFilledRectangle(t, 0, 0, tw - 1, th - 1, WHITE);
	gdImageAlphaBlending(t, 1);
	gdImageCopyResampled(t, src, 0, 0, 0, 0, tw, th, w, h);
	return t;
}

static fq_status check_pixels(photo_type t, const void *data, size_t len, fq_err *err)
{
	int w = 0, h = 0;
	fq_status st = photo_probe(t, data, len, &w, &h, err);
	if (st != FQ_OK)
		return st;
	if ((long long)w * h > PHOTO_PIXELS_MAX)
		return fq_failr(err, FQ_EINVAL, PHOTO_FIELD, "photo.too_many_pixels",
				"the picture is %d x %d pixels; at most %ld million pixels are taken", w,
				h, PHOTO_PIXELS_MAX / 1000000);
	return FQ_OK;
}

fq_status photo_thumb(photo_type t, const void *data, size_t len, int orientation,
		      photo_blob *out, int *tw, int *th, fq_err *err)
{
	if (len > INT_MAX)
		return fq_failr(err, FQ_EINVAL, PHOTO_FIELD, "photo.too_large",
				"the file is too large to decode");
	fq_status st = check_pixels(t, data, len, err);
	if (st != FQ_OK)
		return st;
	gdImagePtr src = decode(t, data, len);
	if (!src)
		return fq_failr(err, FQ_EINVAL, PHOTO_FIELD, "photo.damaged",
				"the %s file does not decode as a picture", photo_type_ext(t));
	gdImagePtr small = scale(src);
	gdImageDestroy(src);
	small = small ? orient(small, orientation) : NULL;
	if (!small)
		return fq_fail(err, FQ_ENOMEM, PHOTO_FIELD, "out of memory");
	int size = 0;
	void *jpeg = gdImageJpegPtr(small, &size, PHOTO_THUMB_QUALITY);
	int w = gdImageSX(small), h = gdImageSY(small);
	gdImageDestroy(small);
	unsigned char *copy = jpeg && size > 0 ? malloc((size_t)size) : NULL;
	if (copy)
		memcpy(copy, jpeg, (size_t)size);
	gdFree(jpeg);
	if (!copy)
		return fq_fail(err, FQ_ENOMEM, PHOTO_FIELD, "cannot encode the thumbnail");
	out->data = copy;
	out->len = (size_t)size;
	*tw = w;
	*th = h;
	return FQ_OK;
}

fq_status photo_check(const void *data, size_t len, photo_image *out, fq_err *err)
{
	photo_type t = photo_sniff(data, len);
	if (t == PHOTO_TYPE_NONE)
		return fq_failr(err, FQ_EMEDIATYPE, PHOTO_FIELD, "photo.type",
				"not a JPEG, PNG or WebP image (judged by its first bytes, not its "
				"name or declared type)");
	photo_image p = {.type = t, .orientation = 1};
	int w = 0, h = 0;
	fq_status st = photo_strip(t, data, len, &p.data, &p.orientation, err);
	if (st == FQ_OK)
		st = photo_probe(t, p.data.data, p.data.len, &w, &h, err);
	if (st == FQ_OK)
		st = check_pixels(t, p.data.data, p.data.len, err);
	if (st == FQ_OK)
		st = photo_complete(t, p.data.data, p.data.len, err);
	if (st != FQ_OK) {
		photo_image_free(&p);
		return st;
	}
	p.width = p.orientation >= ORIENT_TRANSPOSED_MIN ? h : w;
	p.height = p.orientation >= ORIENT_TRANSPOSED_MIN ? w : h;
	*out = p;
	return FQ_OK;
}

int64_t photo_pixels(const photo_image *p)
{
	return (int64_t)p->width * p->height;
}

fq_status photo_render(photo_image *p, fq_err *err)
{
	return photo_thumb(p->type, p->data.data, p->data.len, p->orientation, &p->thumb,
			   &p->thumb_width, &p->thumb_height, err);
}

fq_status photo_prepare(const void *data, size_t len, photo_image *out, fq_err *err)
{
	photo_image p;
	fq_status st = photo_check(data, len, &p, err);
	if (st != FQ_OK)
		return st;
	st = photo_render(&p, err);
	if (st != FQ_OK) {
		photo_image_free(&p);
		return st;
	}
	*out = p;
	return FQ_OK;
}

/* ---- names ------------------------------------------------------------- */

photo_kind photo_kind_parse(const char *name)
{
	if (name && strcmp(name, "report") == 0)
		return PHOTO_REPORT;
	if (name && strcmp(name, "result") == 0)
		return PHOTO_RESULT;
	return PHOTO_KIND_NONE;
}

const char *photo_kind_name(photo_kind k)
{
	return k == PHOTO_REPORT ? "report" : k == PHOTO_RESULT ? "result" : NULL;
}

void photo_file_names(int64_t request_id, photo_type t, char path[PHOTO_PATH_MAX],
		      char thumb[PHOTO_PATH_MAX])
{
	unsigned char rnd[PHOTO_NAME_RANDOM_BYTES];
	char hex[PHOTO_NAME_RANDOM_BYTES * 2 + 1];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	snprintf(path, PHOTO_PATH_MAX, "photos/%lld/%s.%s", (long long)request_id, hex,
		 photo_type_ext(t));
	snprintf(thumb, PHOTO_PATH_MAX, "photos/%lld/%s.thumb.jpg", (long long)request_id, hex);
}

/* ---- who --------------------------------------------------------------- */

/* How the caller stands to the request, by the requests module's rule. */
static void standing(const caller *c, const store_photo_request *rq, reqsvc_standing *s)
{
	reqsvc_facts f = {
		.unit_path = rq->unit_path, .building_path = rq->building_path, .level = rq->level,
		.assignee_account_id = rq->assignee_account_id,
		.reporter_account_id = rq->reporter_account_id,
		.reporter_person_id = rq->reporter_person_id, .linked = rq->linked,
		.cohandlers = rq->cohandlers, .n_cohandlers = rq->n_cohandlers,
	};
	reqsvc_stand(c, &f, s);
}

bool photo_request_holder(const caller *c, const store_photo_request *rq)
{
	reqsvc_standing s;
	standing(c, rq, &s);
	return (s.rel & REQ_REL_HOLDER) || s.cohandler;
}

bool photo_request_visible(const caller *c, const store_photo_request *rq)
{
	reqsvc_standing s;
	standing(c, rq, &s);
	return s.visible;
}

int64_t photo_link_leader(const caller *c)
{
	return c && org_needs_link(c) ? c->leader_id : 0;
}

fq_status photo_may_add(const caller *c, const store_photo_request *rq, photo_kind kind,
			fq_err *err)
{
	if (!photo_request_visible(c, rq))
		return fq_fail(err, FQ_ENOTFOUND, "id", "no such request");
	req_state s = req_state_parse(rq->state);
	if (kind == PHOTO_REPORT) {
		if (!req_state_is_open(s))
			return fq_failr(err, FQ_ECONFLICT, "state", "photo.report_closed",
					"report photos are added while the request is open; it is %s",
					rq->state);
		return FQ_OK;
	}
	if (!photo_request_holder(c, rq))
		return fq_failr(err, FQ_EFORBIDDEN, "kind", "photo.result_holder_only",
				"only the request's holder adds result photos");
	if (s != REQ_ACCEPTED && s != REQ_RESOLVED)
		return fq_failr(err, FQ_ECONFLICT, "state", "photo.result_state",
				"result photos are added while resolving (accepted or resolved); "
				"the request is %s",
				rq->state);
	return FQ_OK;
}

fq_status photo_room(photo_kind kind, int have, size_t adding, fq_err *err)
{
	int left = have < REQ_PHOTOS_MAX ? REQ_PHOTOS_MAX - have : 0;
	if (adding <= (size_t)left)
		return FQ_OK;
	return fq_failr(err, FQ_ECONFLICT, PHOTO_FIELD, "photo.count_max",
			"a request holds at most %d %s photos; it has %d, so %d more may be added, "
			"not %zu",
			REQ_PHOTOS_MAX, photo_kind_name(kind), have, left, adding);
}
