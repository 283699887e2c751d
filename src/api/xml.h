/*
 * xml.h - a small XML 1.0 writer for the API layer (the Open311 routes
 * answer in XML as well as JSON): the declaration, nested elements and
 * escaped text, appended to a growable buffer.
 *
 * All escaping is here: text and names go through one function each.
 * Text is written as UTF-8 with &, <, > and the quote characters escaped;
 * characters XML 1.0 cannot carry (C0 controls other than tab, line feed
 * and carriage return, U+FFFE, U+FFFF) are dropped, and bytes that are not
 * well-formed UTF-8 become U+FFFD, so whatever the store holds, the output
 * parses. Element names must be XML names of ASCII letters, digits, '_',
 * '-' and '.', not starting with a digit, '-' or '.'; anything else fails
 * the document with FQ_EINVAL rather than writing a broken one.
 *
 * Errors are sticky: after the first failure every call does nothing and
 * xml_end returns that failure, so a writer can be driven without checking
 * each step.
 */
#ifndef FQ_API_XML_H
#define FQ_API_XML_H

#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

/* Deepest nesting of elements one document may have. */
#define XML_DEPTH_MAX 16
/* Longest element name, in bytes. */
#define XML_NAME_MAX 64

typedef struct xml_writer {
	fq_buf *out;                        /* where the document goes */
	const char *open[XML_DEPTH_MAX];    /* names of the open elements (borrowed) */
	int depth;                          /* elements open now */
	fq_status st;                       /* first failure, FQ_OK while none */
} xml_writer;

/* Start a document in out (appended to): the declaration
 * <?xml version="1.0" encoding="UTF-8"?> and a line feed. */
void xml_begin(xml_writer *w, fq_buf *out);

/* Open element name; name must stay valid until it is closed. */
void xml_open(xml_writer *w, const char *name);

/* Close the innermost open element. */
void xml_close(xml_writer *w);

/* One element holding text: <name>text</name>, or <name/> when text is
 * NULL. */
void xml_element(xml_writer *w, const char *name, const char *text);

/* Close every element still open and return the first failure of the
 * document (FQ_EINVAL for a bad name or nesting, FQ_ENOMEM or FQ_ETOOBIG
 * from the buffer), FQ_OK when it is complete. */
fq_status xml_end(xml_writer *w);

/* Append text escaped for XML content or an attribute value (see the top
 * of this file) to out. Errors as fq_buf_append. */
fq_status xml_escape(fq_buf *out, const char *text);

/* Non-zero when name is an element name this writer accepts. */
int xml_name_valid(const char *name);

#endif
