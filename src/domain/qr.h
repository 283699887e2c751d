/*
 * qr.h - QR codes as SVG, over libqrencode: the building posters
 * (扫码上报) carry one that opens the resident's report page already set
 * to that building. The text is encoded as 8-bit data at error correction
 * level M (15 % of the symbol may be soiled or torn and it still reads),
 * in the smallest version that holds it, with the quiet zone of four
 * modules that the standard asks for.
 *
 * The SVG draws each row's dark runs as one path on a white square, one
 * user unit per module, so it scales to any print size without blurring.
 * It needs no style sheet and no script.
 */
#ifndef FQ_DOMAIN_QR_H
#define FQ_DOMAIN_QR_H

#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

#define QR_TEXT_MAX 1024  /* bytes of text one code may carry */
#define QR_QUIET_ZONE 4   /* modules of white margin on each side */

/* A QR symbol: side × side modules, row by row, 1 = dark. */
typedef struct qr_matrix {
	int side;             /* modules on a side, without the quiet zone */
	unsigned char *dark;  /* side * side bytes, owned by the matrix */
} qr_matrix;

/* Encode text (1..QR_TEXT_MAX bytes) into *out; the caller frees it with
 * qr_matrix_free. FQ_EINVAL (field "text") when the text is empty or too
 * long, FQ_ENOMEM when out of memory; *out is untouched on error. */
fq_status qr_encode(const char *text, qr_matrix *out, fq_err *err);

/* Free the modules of m; NULL-safe, and m may be freed twice. */
void qr_matrix_free(qr_matrix *m);

/* Append to out an SVG document of the code for text. Errors as
 * qr_encode, and FQ_ETOOBIG or FQ_ENOMEM from the buffer; on error out may
 * hold part of the document (the caller frees it). */
fq_status qr_svg(const char *text, fq_buf *out, fq_err *err);

#endif
