/*
 * xml.c - the XML writer; see xml.h.
 */
#include "api/xml.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

/* U+FFFD REPLACEMENT CHARACTER, for bytes that are not UTF-8. */
static const char REPLACEMENT[] = "\xef\xbf\xbd";

/* The entity for an ASCII byte that must be escaped, or NULL. */
static const char *entity_of(unsigned char ch)
{
	switch (ch) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	default: return NULL;
	}
}

/* Non-zero for an ASCII byte XML 1.0 cannot carry. */
static int ascii_forbidden(unsigned char ch)
{
	return ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r';
}

/* Append the n bytes before p that need no escaping; returns the status. */
static fq_status flush_run(fq_buf *out, const char *start, const char *p)
{
	return p > start ? fq_buf_append(out, start, (size_t)(p - start)) : FQ_OK;
}

/* Handle the non-ASCII sequence at *p (len bytes left): copy it, drop it
 * or replace it; advances *p. */
static fq_status put_sequence(fq_buf *out, const char **p, size_t len)
{
	uint32_t cp = 0;
	size_t k = utf8_decode(*p, len, &cp);
	if (k == 0) {
		*p += 1;
		return fq_buf_append(out, REPLACEMENT, sizeof REPLACEMENT - 1);
	}
	const char *seq = *p;
	*p += k;
	if (cp == 0xFFFE || cp == 0xFFFF)
		return FQ_OK;
	return fq_buf_append(out, seq, k);
}

fq_status xml_escape(fq_buf *out, const char *text)
{
	const char *p = text ? text : "", *run = p;
	const char *end = p + strlen(p);
	fq_status st = FQ_OK;
	while (st == FQ_OK && p < end) {
		unsigned char ch = (unsigned char)*p;
		const char *ent = entity_of(ch);
		if (ch < 0x80 && !ent && !ascii_forbidden(ch)) {
			p++;
			continue;
		}
		st = flush_run(out, run, p);
		if (st != FQ_OK)
			break;
		if (ent) {
			st = fq_buf_puts(out, ent);
			p++;
		} else if (ch < 0x80) {
			p++; /* a forbidden control character: dropped */
		} else {
			st = put_sequence(out, &p, (size_t)(end - p));
		}
		run = p;
	}
	if (st == FQ_OK)
		st = flush_run(out, run, p);
	return st;
}

int xml_name_valid(const char *name)
{
	if (!name || !*name || strlen(name) > XML_NAME_MAX)
		return 0;
	if ((name[0] >= '0' && name[0] <= '9') || name[0] == '-' || name[0] == '.')
		return 0;
	for (const char *p = name; *p; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '-' || c == '.';
		if (!ok)
			return 0;
	}
	/* names beginning with "xml" in any case are reserved */
	return strncasecmp(name, "xml", 3) != 0;
}

/* Record st as the document's failure unless one is recorded already. */
static void fail(xml_writer *w, fq_status st)
{
	if (w->st == FQ_OK)
		w->st = st;
}

void xml_begin(xml_writer *w, fq_buf *out)
{
	*w = (xml_writer){.out = out};
	fail(w, fq_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
}

void xml_open(xml_writer *w, const char *name)
{
	if (w->st != FQ_OK)
		return;
	if (!xml_name_valid(name) || w->depth >= XML_DEPTH_MAX) {
		fail(w, FQ_EINVAL);
		return;
	}
	fail(w, fq_buf_printf(w->out, "<%s>", name));
	w->open[w->depth++] = name;
}

void xml_close(xml_writer *w)
{
	if (w->st != FQ_OK)
		return;
	if (w->depth == 0) {
		fail(w, FQ_EINVAL);
		return;
	}
	const char *name = w->open[--w->depth];
	fail(w, fq_buf_printf(w->out, "</%s>", name));
	if (w->depth == 0)
		fail(w, fq_buf_puts(w->out, "\n"));
}

void xml_element(xml_writer *w, const char *name, const char *text)
{
	if (w->st != FQ_OK)
		return;
	if (!xml_name_valid(name)) {
		fail(w, FQ_EINVAL);
		return;
	}
	if (!text) {
		fail(w, fq_buf_printf(w->out, "<%s/>", name));
		return;
	}
	fail(w, fq_buf_printf(w->out, "<%s>", name));
	if (w->st == FQ_OK)
		fail(w, xml_escape(w->out, text));
	if (w->st == FQ_OK)
		fail(w, fq_buf_printf(w->out, "</%s>", name));
}

fq_status xml_end(xml_writer *w)
{
	while (w->st == FQ_OK && w->depth > 0)
		xml_close(w);
	return w->st;
}
