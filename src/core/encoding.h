/*
 * encoding.h - detect the text encoding of an uploaded file and convert it
 * to UTF-8.
 *
 * Spreadsheets exported by Chinese offices arrive in one of three shapes:
 * UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), plain UTF-8 (WPS,
 * LibreOffice, scripts), or GBK (Excel's plain "CSV" on a Chinese Windows).
 * Detection is by elimination: a BOM means UTF-8; bytes that are well-formed
 * UTF-8 are taken as UTF-8; anything else is decoded as GB18030, the
 * superset of GB2312 and GBK. Real GBK Chinese text is almost never
 * well-formed UTF-8 (GBK trail bytes break UTF-8 sequences), so the order
 * is safe in practice.
 */
#ifndef FQ_CORE_ENCODING_H
#define FQ_CORE_ENCODING_H

#include <stddef.h>

#include "core/status.h"

/* Largest input enc_to_utf8() accepts, in bytes; larger is FQ_ETOOBIG. */
#define ENC_INPUT_MAX ((size_t)512 * 1024 * 1024)

/* The encodings enc_detect() can tell apart. */
typedef enum enc_kind {
	ENC_UTF8,     /* well-formed UTF-8 without a byte-order mark */
	ENC_UTF8_BOM, /* starts with EF BB BF; the mark is stripped */
	ENC_GBK,      /* anything else; decoded as GB18030 */
} enc_kind;

/*
 * Guess the encoding of the len bytes at buf, as described above. Never
 * fails; ENC_GBK is only a guess until enc_to_utf8() has decoded the bytes.
 */
enc_kind enc_detect(const char *buf, size_t len);

/* Stable lower-case name of an encoding: "utf-8", "utf-8-bom", "gbk". */
const char *enc_kind_name(enc_kind kind);

/*
 * Convert the len bytes at buf to UTF-8. On FQ_OK, *out is a newly
 * malloc'd, NUL-terminated UTF-8 copy without any byte-order mark (the
 * caller frees it with free()), *out_len its length in bytes excluding the
 * NUL, and *kind (if not NULL) the encoding detected. The output may contain
 * NUL bytes if the input did; callers that need C strings must check.
 *
 * Errors (out-parameters untouched, err filled with field "file"):
 * FQ_ETOOBIG when len > ENC_INPUT_MAX; FQ_EBADREQ when the input starts
 * with a BOM but is not well-formed UTF-8, or is neither UTF-8 nor valid
 * GB18030 (the message gives the byte offset of the first bad byte, counted
 * from the start of buf); FQ_ENOMEM; FQ_EIO when the C library has no
 * GB18030 converter.
 */
fq_status enc_to_utf8(const char *buf, size_t len, char **out,
		      size_t *out_len, enc_kind *kind, fq_err *err);

#endif
