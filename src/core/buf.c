/*
 * buf.c - growable NUL-terminated buffer; see buf.h.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fq_status reserve(fq_buf *b, size_t n)
{
	if (b->limit && b->len + n > b->limit)
		return FQ_ETOOBIG;
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return FQ_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return FQ_ENOMEM;
	b->data = p;
	b->cap = cap;
	return FQ_OK;
}

fq_status fq_buf_append(fq_buf *b, const void *p, size_t n)
{
	fq_status st = reserve(b, n);
	if (st != FQ_OK)
		return st;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return FQ_OK;
}

fq_status fq_buf_puts(fq_buf *b, const char *s)
{
	return fq_buf_append(b, s, strlen(s));
}

fq_status fq_buf_printf(fq_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return FQ_ENOMEM;
	fq_status st = reserve(b, (size_t)n);
	if (st != FQ_OK)
		return st;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return FQ_OK;
}

char *fq_buf_take(fq_buf *b)
{
	char *p = b->data ? b->data : calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void fq_buf_free(fq_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

fq_status fq_buf_html(fq_buf *b, const char *s)
{
	fq_status st = FQ_OK;
	for (const char *p = s; *p && st == FQ_OK; p++) {
		switch (*p) {
		case '&': st = fq_buf_puts(b, "&amp;"); break;
		case '<': st = fq_buf_puts(b, "&lt;"); break;
		case '>': st = fq_buf_puts(b, "&gt;"); break;
		case '"': st = fq_buf_puts(b, "&quot;"); break;
		case '\'': st = fq_buf_puts(b, "&#39;"); break;
		default: st = fq_buf_append(b, p, 1);
		}
	}
	return st;
}

fq_status fq_buf_html_pieces(fq_buf *b, const char *const *pieces)
{
	fq_status st = FQ_OK;
	for (size_t i = 0; pieces[i] && st == FQ_OK; i++)
		st = i % 2 ? fq_buf_html(b, pieces[i]) : fq_buf_puts(b, pieces[i]);
	return st;
}
