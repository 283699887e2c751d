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

/* The same array from rows already read (photosvc_of_request), for a
 * caller that loads the request's view first and writes JSON after.
 * A new reference, or NULL when out of memory. */
json_t *api_photo_rows_json(const store_photo *rows, size_t n);

#endif
