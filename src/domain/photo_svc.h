/*
 * photo_svc.h - the photos service: whether the caller may add photos of a
 * kind to a request and has room, writing the files of a decoded photo
 * (and removing them again when the upload fails), the job that inserts
 * the rows after checking again, and finding one photo for a caller who
 * may see the request (docs/photos.md; the rules are photo.h's).
 *
 * An upload writes its files before its rows: the files from the decode
 * pool, the rows from the writer thread. A job that fails leaves files
 * behind that the caller removes (photosvc_remove_files).
 */
#ifndef FQ_DOMAIN_PHOTO_SVC_H
#define FQ_DOMAIN_PHOTO_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/photo.h"
#include "domain/svc.h"
#include "store/store_photos.h"

/* One upload of n photos of kind to request_id by who: the inputs, the
 * rows (filled by photosvc_write_files, ids set by the job) and the files
 * written so far (two per photo) under data_dir. */
typedef struct photosvc_upload_job {
	svc_job job; /* first */
	fq_arena *a;
	const caller *who;
	const char *data_dir;
	int64_t request_id;
	photo_kind kind;
	size_t n;
	store_photo rows[REQ_PHOTOS_MAX];
	size_t written;
} photosvc_upload_job;

/* Set the job's body: check the request again (it may have moved since
 * photosvc_check) and insert the rows. */
void photosvc_upload_job_init(photosvc_upload_job *j);

/* The checks that can answer before anything is written, in a read
 * transaction: the request exists for the caller (FQ_ENOTFOUND "id"), the
 * caller may add photos of the job's kind (photo_may_add) and there is
 * room for n more (photo_room). */
fq_status photosvc_check(store *db, const photosvc_upload_job *j, fq_err *err);

/* Write photo i of the job (img decoded, with its thumbnail): its row and
 * both files, fsynced. On error the files of this photo that were written
 * stay counted in j->written. */
fq_status photosvc_write_files(photosvc_upload_job *j, size_t i, const photo_image *img,
			       fq_err *err);

/* Remove the files the job wrote (after a failed decode or write). */
void photosvc_remove_files(photosvc_upload_job *j);

/* Photo photo_id of request_id, when who may see the request (else
 * FQ_ENOTFOUND "id"); strings in a. */
fq_status photosvc_find(store *db, fq_arena *a, const caller *who, int64_t request_id,
			int64_t photo_id, store_photo *out, fq_err *err);

/* The bytes of a photo's file rel under data_dir (at most max) into a new
 * buffer the caller frees with free(). */
fq_status photosvc_file_read(const char *data_dir, const char *rel, size_t max, char **out,
			     size_t *len, fq_err *err);

/* The photos of request_id, oldest first, read on c inside the caller's
 * read transaction (the request detail); rows in a. */
fq_status photosvc_of_request(store_conn *c, fq_arena *a, int64_t request_id, store_photo **out,
			      size_t *n, fq_err *err);

#endif
