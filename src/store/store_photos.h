/*
 * store_photos.h - photos on requests: their rows (table request_photos),
 * the facts of a request that decide who may add or see them, and their
 * files under the data directory.
 *
 * A photo's files are written (and fsynced, with their directory) before
 * the transaction that inserts its row, and removed by the caller when
 * that transaction fails: an acknowledged photo is never lost and a
 * refused one leaves nothing behind. Paths in rows are relative to the
 * data directory.
 *
 * For the request detail (GET /api/v1/requests/{id}): store_photos_of_request
 * gives the rows of one request, and api_photos_json (src/api/photos.h)
 * turns them into the "photos" array.
 */
#ifndef FQ_STORE_STORE_PHOTOS_H
#define FQ_STORE_STORE_PHOTOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"
#include "store/store_requests.h"

/* Photos of one request that one read returns: both kinds, full. */
#define STORE_PHOTOS_ROWS_MAX 64

/* One row of request_photos. */
typedef struct store_photo {
	int64_t id;
	int64_t request_id;
	const char *kind;       /* "report" or "result" */
	const char *mime;       /* "image/jpeg", "image/png", "image/webp" */
	int64_t bytes;          /* size of the stored file */
	int width, height;      /* as displayed */
	const char *path;       /* under the data directory */
	const char *thumb_path; /* under the data directory */
	int64_t account_id;     /* who added it, 0 when unknown */
	int64_t created_at;     /* unix seconds */
} store_photo;

/* What decides who may add photos to a request and see them (the facts
 * of reqsvc_stand, domain/requests.h). */
typedef struct store_photo_request {
	int64_t id;
	const char *state;             /* the request's state ("accepted" ...) */
	int level;                     /* 1..4 */
	const char *unit_path;         /* its grid's path */
	const char *building_path;     /* its building's path, or NULL */
	int64_t reporter_account_id;   /* 0 when none */
	int64_t reporter_person_id;
	int64_t household_id;
	int64_t assignee_account_id;
	int64_t assignee_unit_id;
	bool linked;                   /* its household is linked to the asked 邻长 */
	store_req_cohandler *cohandlers; /* its co-handling departments (arena) */
	size_t n_cohandlers;
} store_photo_request;

/* The request id with its co-handlers into *out (arena a), with linked set
 * when its household is linked to the 邻长 record leader_id (0: never).
 * FQ_ENOTFOUND (field "id") when there is no such request, FQ_ESTORE. */
fq_status store_photo_request_get(store_conn *c, fq_arena *a, int64_t id, int64_t leader_id,
				  store_photo_request *out, fq_err *err);

/* Photos of kind ("report" / "result") that request_id holds, into *n. */
fq_status store_photos_count(store_conn *c, int64_t request_id, const char *kind, int *n,
			     fq_err *err);

/* Insert p (its id is ignored) inside a write transaction; its new id into
 * *id. FQ_ECONFLICT on a constraint failure (no such request), FQ_ESTORE. */
fq_status store_photo_insert(store_conn *c, const store_photo *p, int64_t *id, fq_err *err);

/* Photo id of request request_id into *out (strings in arena a).
 * FQ_ENOTFOUND (field "photo_id") when the request has no such photo. */
fq_status store_photo_get(store_conn *c, fq_arena *a, int64_t request_id, int64_t id,
			  store_photo *out, fq_err *err);

/* The photos of request_id, oldest first, into a new arena array *out of
 * *n rows (at most STORE_PHOTOS_ROWS_MAX; *out is NULL when there are
 * none). Scope is the caller's business: call it only for a request the
 * caller may see. */
fq_status store_photos_of_request(store_conn *c, fq_arena *a, int64_t request_id,
				  store_photo **out, size_t *n, fq_err *err);

/* ---- files ---- */

/* Write len bytes to data_dir/rel (rel made by photo_file_names: no "..",
 * its directories created as needed), fsync the file and every directory
 * that was created or changed. The file must not exist. FQ_EIO (field
 * "photo") on failure, after removing what was written. */
fq_status store_photo_file_write(const char *data_dir, const char *rel, const void *data,
				 size_t len, fq_err *err);

/* Remove data_dir/rel if it exists (a failed upload's file) and fsync its
 * directory. Never fails: what cannot be removed is logged. */
void store_photo_file_remove(const char *data_dir, const char *rel);

/* Read data_dir/rel, at most max bytes, into a new malloc'd buffer *out of
 * *len bytes (the caller frees it). FQ_ENOTFOUND when the file is missing,
 * FQ_ETOOBIG past max, FQ_EIO. */
fq_status store_photo_file_read(const char *data_dir, const char *rel, size_t max, char **out,
				size_t *len, fq_err *err);

#endif
