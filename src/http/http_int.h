/*
 * http_int.h - private to src/http/: what the layer's own modules (the
 * multipart parser) need from server.c beyond the handlers' accessors in
 * http.h. Nothing outside src/http/ includes this.
 */
#ifndef FQ_HTTP_HTTP_INT_H
#define FQ_HTTP_HTTP_INT_H

#include <microhttpd.h>

#include "http/http.h"

/* The libmicrohttpd connection the request came on; valid until the
 * request completes. (sse.h declares it too, for sse.c.) */
struct MHD_Connection *http_req_connection(http_req *r);

#endif
