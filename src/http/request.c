/*
 * request.c - what a handler does with its request (http.h): the
 * accessors, the replies, suspension, and the hooks streams need (sse.h).
 * Kept apart from server.c, which drives libmicrohttpd and calls the
 * streams and the static files, so that those call only this file and no
 * two files of the layer call each other in a circle.
 */
#include "http/http.h"
#include "http/http_int.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"

/* ---- accessors ------------------------------------------------------ */

const char *http_method(http_req *r) { return r->method; }
const char *http_path(http_req *r) { return r->path; }
fq_arena *http_arena(http_req *r) { return &r->arena; }
http_server *http_req_server(http_req *r) { return r->srv; }
void *http_user(http_req *r) { return r->user; }
void http_set_user(http_req *r, void *user) { r->user = user; }
void http_set_log_account(http_req *r, int64_t id) { r->account_id = id; }
const char *http_peer(http_req *r) { return r->peer; }
int http_server_port(http_server *s) { return s->port; }

const char *http_param(http_req *r, int i)
{
	return i >= 0 && i < HTTP_PARAMS_MAX ? r->params[i] : NULL;
}

int http_param_id(http_req *r, int i, int64_t *out)
{
	return http_id_parse(http_param(r, i), out);
}

const char *http_query(http_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_body(http_req *r, size_t *len)
{
	if (len)
		*len = r->body.len;
	return r->body.data ? r->body.data : "";
}

/* ---- replies -------------------------------------------------------- */

void http_reply_take(http_req *r, int status, const char *content_type, char *body, size_t len)
{
	if (r->status) {
		free(body);
		return;
	}
	r->status = status;
	r->resp_type = content_type;
	r->resp_body = body;
	r->resp_len = len;
}

void http_reply(http_req *r, int status, const char *content_type, const char *body, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy) {
		http_reply_take(r, 500, "text/plain", NULL, 0);
		return;
	}
	memcpy(copy, body, len);
	copy[len] = '\0';
	http_reply_take(r, status, content_type, copy, len);
}

void http_reply_error(http_req *r, fq_status st, const fq_err *err)
{
	char msg[FQ_ERR_MSG_MAX * 2], field[FQ_ERR_FIELD_MAX * 2];
	const char *m = err && err->message[0] ? err->message : fq_status_code(st);
	fq_json_escape(msg, sizeof msg, m);
	fq_json_escape(field, sizeof field, err ? err->field : "");
	fq_buf b = {0};
	const char *rule = err && err->rule[0] ? err->rule : fq_status_code(st);
	fq_buf_printf(&b, "{\"error\":{\"code\":\"%s\",\"rule\":\"%s\",\"message\":\"%s\"",
		      fq_status_code(st), rule, msg);
	if (field[0])
		fq_buf_printf(&b, ",\"field\":\"%s\"", field);
	fq_buf_puts(&b, "}}\n");
	size_t len = b.len;
	http_reply_take(r, fq_status_http(st), "application/json; charset=utf-8", fq_buf_take(&b),
			len);
}

void http_add_header(http_req *r, const char *name, const char *value)
{
	if (r->n_hdr >= HTTP_HEADERS_MAX)
		return;
	r->hdr_name[r->n_hdr] = fq_arena_strdup(&r->arena, name);
	r->hdr_value[r->n_hdr] = fq_arena_strdup(&r->arena, value);
	r->n_hdr++;
}

void http_suspend(http_req *r, http_handler_fn cont)
{
	r->cont = cont;
	MHD_suspend_connection(r->conn);
}

void http_resume(http_req *r)
{
	MHD_resume_connection(r->conn);
}

/* ---- streaming responses: the hooks sse.c needs (see sse.h) ---------- */

http_streams *http_server_streams(http_server *s) { return s->streams; }
struct MHD_Connection *http_req_connection(http_req *r) { return r->conn; }

int http_reply_response(http_req *r, int status, const char *content_type,
			struct MHD_Response *resp)
{
	if (r->status)
		return -1;
	r->status = status;
	r->resp_type = content_type;
	r->stream_resp = resp;
	return 0;
}
