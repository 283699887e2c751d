/*
 * static.h - the web UI's files (web/), loaded into memory when the server
 * starts and served with a content type, a strong ETag (304 on a match),
 * Cache-Control, a gzip copy for text files when the client accepts it,
 * and the security headers every page needs (Content-Security-Policy
 * without inline scripts, nosniff, frame denial).
 *
 * A GET whose path is not an API route is looked up here: "/x/" serves
 * "x/index.html". Paths with "..", hidden files and files over
 * STATIC_FILE_MAX are never served.
 */
#ifndef FQ_HTTP_STATIC_H
#define FQ_HTTP_STATIC_H

#include <stddef.h>

#include "core/status.h"
#include "http/http.h"

#define STATIC_FILE_MAX (8 * 1024 * 1024) /* largest file served */
#define STATIC_FILES_MAX 4096             /* files loaded */
#define STATIC_TOTAL_MAX (128 * 1024 * 1024) /* bytes loaded in all */

typedef struct http_static http_static;

/* Load every file under dir (a missing dir gives an empty set). extra_img
 * is an origin added to the CSP's img-src (a map tile server), or NULL.
 * On error nothing is kept. */
fq_status http_static_load(const char *dir, const char *extra_img, http_static **out,
			   fq_err *err);

void http_static_free(http_static *s);

/* Files loaded, for logs and tests. */
size_t http_static_count(const http_static *s);

/* Answer r from the files when its path names one: returns 1 when a reply
 * (200 or 304) was made, 0 when there is no such file. */
int http_static_serve(const http_static *s, http_req *r);

/* The Content-Security-Policy header value in force. */
const char *http_static_csp(const http_static *s);

#endif
