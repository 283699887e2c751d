/*
 * multipart.c - multipart/form-data bodies through libmicrohttpd's post
 * processor; see multipart.h.
 *
 * The post processor hands each part's bytes over in pieces, each with its
 * offset in the part: offset 0 starts a new part (unless nothing has been
 * added to the current one under the same name yet), any other offset
 * must continue the current part where it stopped. The bytes are kept in
 * a buffer whose limit is the field's cap, so a part over its cap stops
 * the parse at once.
 */
#include "http/multipart.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http/http_int.h"

#define MULTIPART_TYPE "multipart/form-data"

typedef struct parse_ctx {
	http_req *r;
	const http_form_field *fields;
	size_t n_fields;
	http_form *form;
	http_part *cur;  /* the part being filled, or NULL */
	fq_status st;    /* the first failure, or FQ_OK */
	fq_err *err;
} parse_ctx;

void http_form_free(http_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		fq_buf_free(&f->parts[i].data);
	f->n = 0;
}

size_t http_form_count(const http_form *f, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += strcmp(f->parts[i].name, name) == 0;
	return n;
}

const http_part *http_form_get(const http_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->parts[i].name, name) == 0)
			return &f->parts[i];
	return NULL;
}

static const http_form_field *field_of(const parse_ctx *p, const char *name)
{
	for (size_t i = 0; name && i < p->n_fields; i++)
		if (strcmp(p->fields[i].name, name) == 0)
			return &p->fields[i];
	return NULL;
}

/* A declared name copied into the arena, cut at HTTP_FORM_NAME_MAX. */
static const char *copy_name(parse_ctx *p, const char *s)
{
	return s ? fq_arena_strndup(http_arena(p->r), s, strnlen(s, HTTP_FORM_NAME_MAX)) : NULL;
}

static int same_part(const http_part *cur, const char *key)
{
	return cur && cur->data.len == 0 && key && strcmp(cur->name, key) == 0;
}

static fq_status start_part(parse_ctx *p, const char *key, const char *filename,
			    const char *content_type)
{
	const http_form_field *f = field_of(p, key);
	if (!f)
		return fq_fail(p->err, FQ_EINVAL, key ? key : "", "unknown field '%.64s' in the form",
			       key ? key : "");
	if (p->form->n >= HTTP_FORM_PARTS_MAX)
		return fq_fail(p->err, FQ_ETOOBIG, "body", "the form has more than %d parts",
			       HTTP_FORM_PARTS_MAX);
	http_part *part = &p->form->parts[p->form->n];
	memset(part, 0, sizeof *part);
	part->name = f->name;
	part->filename = copy_name(p, filename);
	part->content_type = copy_name(p, content_type);
	part->data.limit = f->max_bytes;
	p->form->n++;
	p->cur = part;
	return FQ_OK;
}

static enum MHD_Result on_data(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *content_type,
			       const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	(void)kind;
	(void)transfer_encoding;
	parse_ctx *p = cls;
	if (off == 0 && !same_part(p->cur, key))
		p->st = start_part(p, key, filename, content_type);
	else if (!p->cur || off != p->cur->data.len)
		p->st = fq_fail(p->err, FQ_EBADREQ, "body", "the multipart body is malformed");
	if (p->st == FQ_OK && size > 0) {
		p->st = fq_buf_append(&p->cur->data, data, size);
		if (p->st == FQ_ETOOBIG)
			fq_fail(p->err, FQ_ETOOBIG, p->cur->name,
				"a part of %s is larger than %zu bytes", p->cur->name,
				p->cur->data.limit);
		else if (p->st != FQ_OK)
			fq_fail(p->err, p->st, p->cur->name, "out of memory");
	}
	return p->st == FQ_OK ? MHD_YES : MHD_NO;
}

static fq_status check_type(http_req *r, fq_err *err)
{
	const char *ct = http_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, MULTIPART_TYPE, strlen(MULTIPART_TYPE)) != 0)
		return fq_fail(err, FQ_EMEDIATYPE, "Content-Type",
			       "send the photos as " MULTIPART_TYPE);
	return FQ_OK;
}

fq_status http_form_parse(http_req *r, const http_form_field *fields, size_t n_fields,
			  http_form *out, fq_err *err)
{
	fq_status st = check_type(r, err);
	if (st != FQ_OK)
		return st;
	out->n = 0;
	parse_ctx p = {r, fields, n_fields, out, NULL, FQ_OK, err};
	struct MHD_PostProcessor *pp = MHD_create_post_processor(
		http_req_connection(r), HTTP_FORM_PARSE_BUFFER, on_data, &p);
	if (!pp)
		return fq_fail(err, FQ_EMEDIATYPE, "Content-Type",
			       MULTIPART_TYPE " needs a boundary parameter");
	size_t len = 0;
	const char *body = http_body(r, &len);
	enum MHD_Result ok = len ? MHD_post_process(pp, body, len) : MHD_YES;
	enum MHD_Result done = MHD_destroy_post_processor(pp);
	st = p.st;
	if (st == FQ_OK && (ok != MHD_YES || done != MHD_YES))
		st = fq_fail(err, FQ_EBADREQ, "body", "the multipart body is malformed or incomplete");
	if (st != FQ_OK)
		http_form_free(out);
	return st;
}
