/*
 * photo.h - photos on requests (诉求): what an upload may be, how it is
 * cleaned before it is kept, and who may add or see one.
 *
 * An upload is judged by its bytes, never by its name or declared type:
 * JPEG, PNG and WebP are recognised by their magic bytes, anything else is
 * refused. Before a photo is kept, every piece of metadata that can say
 * where or when it was taken or by whom (EXIF with its GPS block, XMP,
 * IPTC, text chunks, comments, trailing data) is removed at the container
 * level, without decoding and re-encoding the picture: JPEG keeps only its
 * JFIF, ICC and Adobe segments, PNG only the chunks that shape how it is
 * drawn, WebP only its image chunks. A JPEG's EXIF orientation is the one
 * exception: it is written back as a minimal EXIF block holding that one
 * tag, so that a phone's portrait photo does not turn sideways.
 *
 * Every file of an upload is checked before any is decoded (photo_check):
 * its type, its container walked whole, its size read from the headers and
 * held to PHOTO_PIXELS_MAX, and its picture data long enough for that size
 * (a header that claims 8000 x 6000 over a few bytes is a truncated file).
 * Only then is the picture decoded with libgd (photo_render; a file that
 * does not decode is refused) to draw a JPEG thumbnail whose longest side
 * is PHOTO_THUMB_SIDE pixels. Decoding is the expensive step: the API runs
 * it in the decode pool (api/decode.h), never on an HTTP worker.
 *
 * Who: report photos are added by anyone who may see the request while it
 * is open; result photos by the request's holder while resolving it
 * (accepted, or resolved and waiting for the follow-up). Who may see and
 * who holds a request is the requests module's rule (reqsvc_stand). A request holds at
 * most REQ_PHOTOS_MAX photos of each kind. Reading a photo needs the same
 * scope as reading the request; outside it the photo does not exist (404).
 *
 * Nothing here touches files, SQL or JSON; the caller stores what comes back.
 */
#ifndef FQ_DOMAIN_PHOTO_H
#define FQ_DOMAIN_PHOTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/access.h"
#include "store/store_photos.h"

/* Photos of one kind (report, result) that one request may hold. */
#define REQ_PHOTOS_MAX 9

/* Bytes of one uploaded photo: the default of the max_photo_bytes setting,
 * which is also its upper bound (config.c), so that the body cap of the
 * upload route below holds for every setting. */
#define PHOTO_BYTES_DEFAULT (8L * 1024 * 1024)
#define PHOTO_BYTES_CEIL PHOTO_BYTES_DEFAULT

/* Multipart headers, boundaries and text fields of one upload, beyond the
 * photos themselves. */
#define PHOTO_FORM_OVERHEAD (256 * 1024)

/* The body cap of POST /api/v1/requests/{id}/photos: a full set of photos
 * at the largest size in one upload. */
#define PHOTO_UPLOAD_BODY_MAX ((size_t)REQ_PHOTOS_MAX * PHOTO_BYTES_CEIL + PHOTO_FORM_OVERHEAD)

/* Largest picture decoded, in pixels (libgd holds 4 bytes per pixel). */
#define PHOTO_PIXELS_MAX (50L * 1000 * 1000)

/* Longest side of a thumbnail in pixels, and its JPEG quality. */
#define PHOTO_THUMB_SIDE 320
#define PHOTO_THUMB_QUALITY 80

/* Bytes of a stored file's path under the data directory, NUL included,
 * and the random bytes that make a file's name unguessable. */
#define PHOTO_PATH_MAX 96
#define PHOTO_NAME_RANDOM_BYTES 12

/* The field that uploads and errors name. */
#define PHOTO_FIELD "photo"

typedef enum photo_type {
	PHOTO_TYPE_NONE = 0,
	PHOTO_JPEG, /* FF D8 FF */
	PHOTO_PNG,  /* 89 50 4E 47 0D 0A 1A 0A */
	PHOTO_WEBP, /* RIFF....WEBP */
} photo_type;

typedef enum photo_kind {
	PHOTO_KIND_NONE = 0,
	PHOTO_REPORT, /* "report": what the reporter saw */
	PHOTO_RESULT, /* "result": what the handler did */
} photo_kind;

/* Bytes allocated with malloc; free with photo_blob_free. */
typedef struct photo_blob {
	unsigned char *data;
	size_t len;
} photo_blob;

/* One upload, ready to be stored. */
typedef struct photo_image {
	photo_type type;
	int width, height;  /* as displayed (EXIF orientation applied) */
	int orientation;    /* EXIF orientation of the stored file, 1..8 */
	photo_blob data;    /* the file without its metadata */
	photo_blob thumb;   /* JPEG thumbnail */
	int thumb_width, thumb_height;
} photo_image;

/* ---- formats (photo_meta.c) ---- */

/* The type the magic bytes of data say, or PHOTO_TYPE_NONE. */
photo_type photo_sniff(const void *data, size_t len);

/* "image/jpeg", "image/png", "image/webp"; NULL for PHOTO_TYPE_NONE. */
const char *photo_type_mime(photo_type t);

/* File name extension without the dot ("jpg", "png", "webp"); NULL for none. */
const char *photo_type_ext(photo_type t);

/* Width and height of the picture as stored, read from the headers without
 * decoding. FQ_EINVAL (field "photo") when the headers are damaged or hold
 * no size; *w and *h are then untouched. */
fq_status photo_probe(photo_type t, const void *data, size_t len, int *w, int *h, fq_err *err);

/* A copy of data of type t without its metadata (see the top of this file)
 * into *out, and the JPEG EXIF orientation (1..8; 1 when there is none or
 * for other types) into *orientation. FQ_EINVAL (field "photo") when the
 * container is damaged, FQ_ENOMEM; on error *out is untouched. */
fq_status photo_strip(photo_type t, const void *data, size_t len, photo_blob *out,
		      int *orientation, fq_err *err);

/* Whether the picture data of data (type t, stripped) is all there for
 * the size its headers give: a JPEG coded as baseline, extended or
 * progressive Huffman with at least one bit per block, a PNG with at
 * least the IDAT bytes deflate could squeeze its rows into, a WebP with a
 * still picture whose first partition is whole. FQ_EINVAL (field
 * "photo", the message says "truncated" or what is wrong) otherwise. */
fq_status photo_complete(photo_type t, const void *data, size_t len, fq_err *err);

/* ---- pictures and rules (photo.c) ---- */

/* Free b's bytes and empty it. NULL-safe. */
void photo_blob_free(photo_blob *b);

/* Free what photo_prepare filled. NULL-safe. */
void photo_image_free(photo_image *p);

/* Size of the thumbnail of a w x h picture: the longest side scaled down
 * to PHOTO_THUMB_SIDE, never up, each side at least 1. */
void photo_thumb_size(int w, int h, int *tw, int *th);

/* JPEG thumbnail of the picture data (type t, already stripped), turned
 * upright by the EXIF orientation, into *out and its size into *tw, *th.
 * FQ_EINVAL (field "photo") when data does not decode or has more than
 * PHOTO_PIXELS_MAX pixels; on error *out is untouched. */
fq_status photo_thumb(photo_type t, const void *data, size_t len, int orientation,
		      photo_blob *out, int *tw, int *th, fq_err *err);

/* Everything about one upload that is known without decoding it: sniff
 * (FQ_EMEDIATYPE naming "photo" for anything but JPEG, PNG and WebP),
 * strip, read the size from the headers, hold it to PHOTO_PIXELS_MAX and
 * check the file is complete (photo_complete); FQ_EINVAL naming "photo"
 * for each of those. Cheap: a copy and a walk over the bytes. On success
 * *out holds the type, the stripped data, the upright size and the
 * orientation, and no thumbnail yet; the caller frees it with
 * photo_image_free. On error there is nothing to free. */
fq_status photo_check(const void *data, size_t len, photo_image *out, fq_err *err);

/* Pixels of a checked picture (what decoding it costs). */
int64_t photo_pixels(const photo_image *p);

/* Decode the picture photo_check filled in p and draw its thumbnail into
 * p->thumb (and its size). The expensive step: up to 4 bytes per pixel and
 * a second or so for 50 million pixels. FQ_EINVAL (field "photo") when it
 * does not decode, FQ_ENOMEM; on error p->thumb stays empty. */
fq_status photo_render(photo_image *p, fq_err *err);

/* photo_check and photo_render in one call (for callers that do not
 * batch). On success the caller frees *out with photo_image_free; on error
 * there is nothing to free. */
fq_status photo_prepare(const void *data, size_t len, photo_image *out, fq_err *err);

/* "report" / "result" and back; PHOTO_KIND_NONE or NULL when unknown. */
photo_kind photo_kind_parse(const char *name);
const char *photo_kind_name(photo_kind k);

/* Paths under the data directory for a new photo of request_id and its
 * thumbnail: "photos/<request id>/<random>.<ext>" and
 * "photos/<request id>/<random>.thumb.jpg". */
void photo_file_names(int64_t request_id, photo_type t, char path[PHOTO_PATH_MAX],
		      char thumb[PHOTO_PATH_MAX]);

/* True when the caller may see the request (and so its photos), by the
 * requests module's rule (reqsvc_stand): its reporter, its holder, staff
 * whose scope covers it, the building leader over it, the 邻长 linked to
 * its household, an officer of a co-handling department. */
bool photo_request_visible(const caller *c, const store_photo_request *rq);

/* True when the caller holds the request (its assignee, or the role that
 * holds it at its level within their scope) or is an officer of one of
 * its co-handling departments: who may add result photos. */
bool photo_request_holder(const caller *c, const store_photo_request *rq);

/* The 邻长 record whose linked households to look up for the caller
 * (store_photo_request_get's leader_id): 0 unless they act as a 邻长. */
int64_t photo_link_leader(const caller *c);

/* May the caller add photos of kind to the request? FQ_ENOTFOUND (field
 * "id") when it is outside their scope, FQ_EFORBIDDEN (field "kind") when
 * result photos come from someone other than the holder, FQ_ECONFLICT when
 * the request's state does not take photos of that kind, else FQ_OK. */
fq_status photo_may_add(const caller *c, const store_photo_request *rq, photo_kind kind,
			fq_err *err);

/* Room for adding more photos of kind to a request that holds have of
 * them: FQ_ECONFLICT past REQ_PHOTOS_MAX, with a message that says how
 * many there are and how many may be added. */
fq_status photo_room(photo_kind kind, int have, size_t adding, fq_err *err);

#endif
