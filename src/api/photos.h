/*
 * photos.h - the photos of a request as JSON, for the request detail
 * (GET /api/v1/requests/{id}), which src/api/requests.c writes:
 * [{id, kind, url, thumb_url, width, height}]. The routes themselves
 * (upload, photo, thumbnail) are in handlers.h.
 */
#ifndef FQ_API_PHOTOS_H
#define FQ_API_PHOTOS_H

#include <jansson.h>
#include <stdint.h>

#include "core/status.h"
#include "http/http.h"
#include "domain/photo_svc.h"

/* The "photos" array of request_id, read on c (inside the caller's read
 * transaction; strings in r's arena): [{id, kind, url, thumb_url, width,
 * height}], oldest first. Call it only for a request the caller may see.
 * On success the caller owns *out (usually handed to json_object_set_new);
 * on error *out is untouched and err says why. */
fq_status api_photos_json(store_conn *c, http_req *r, int64_t request_id, json_t **out,
			  fq_err *err);

/* The same array from rows already read (photosvc_of_request), for a
 * caller that loads the request's view first and writes JSON after.
 * A new reference, or NULL when out of memory. */
json_t *api_photo_rows_json(const store_photo *rows, size_t n);

#endif
