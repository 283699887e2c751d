/*
 * encoding.c - encoding detection by elimination (BOM, then strict UTF-8,
 * then GB18030) and conversion to UTF-8 through iconv(3).
 */
#include "core/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* The UTF-8 byte-order mark. */
#define ENC_BOM "\xEF\xBB\xBF"
#define ENC_BOM_LEN 3

/* Field name reported in fq_err for every failure of this module. */
#define ENC_ERR_FIELD "file"

/* GB18030 never needs more than 3 UTF-8 bytes per 2 input bytes; start
 * with that and grow if the C library surprises us. */
#define ENC_GB_GROWTH_NUM 3
#define ENC_GB_GROWTH_DEN 2
#define ENC_GB_SLACK 4

static int has_bom(const char *buf, size_t len)
{
	return len >= ENC_BOM_LEN && memcmp(buf, ENC_BOM, ENC_BOM_LEN) == 0;
}

enc_kind enc_detect(const char *buf, size_t len)
{
	if (has_bom(buf, len))
		return ENC_UTF8_BOM;
	if (utf8_valid(buf, len, NULL))
		return ENC_UTF8;
	return ENC_GBK;
}

static const char *const enc_kind_names[] = {
	[ENC_UTF8] = "utf-8",
	[ENC_UTF8_BOM] = "utf-8-bom",
	[ENC_GBK] = "gbk",
};

const char *enc_kind_name(enc_kind kind)
{
	size_t n = sizeof enc_kind_names / sizeof enc_kind_names[0];
	return (size_t)kind < n ? enc_kind_names[kind] : "unknown";
}

/* Copy len bytes into a new NUL-terminated buffer. */
static fq_status copy_out(const char *src, size_t len, char **out, fq_err *err)
{
	char *p = malloc(len + 1);
	if (!p)
		return fq_fail(err, FQ_ENOMEM, ENC_ERR_FIELD,
			       "out of memory converting the file");
	memcpy(p, src, len);
	p[len] = '\0';
	*out = p;
	return FQ_OK;
}

/* Double the output buffer, keeping what has been written so far. */
static fq_status grow(char **buf, size_t *cap, char **op, size_t *oleft,
		      fq_err *err)
{
	size_t used = (size_t)(*op - *buf);
	size_t ncap = *cap * 2;
	char *nbuf = realloc(*buf, ncap);
	if (!nbuf)
		return fq_fail(err, FQ_ENOMEM, ENC_ERR_FIELD,
			       "out of memory converting the file");
	*buf = nbuf;
	*cap = ncap;
	*op = nbuf + used;
	*oleft = ncap - used - 1;
	return FQ_OK;
}

/* Explain an iconv failure at input offset off. */
static fq_status gb_error(int e, size_t off, fq_err *err)
{
	if (e == EINVAL)
		return fq_fail(err, FQ_EBADREQ, ENC_ERR_FIELD,
			       "file ends inside a multibyte character at byte offset %zu",
			       off);
	return fq_fail(err, FQ_EBADREQ, ENC_ERR_FIELD,
		       "file is neither UTF-8 nor GBK/GB18030: bad byte at offset %zu",
		       off);
}

/* Decode GB18030 into a new NUL-terminated UTF-8 buffer. */
static fq_status from_gb18030(const char *buf, size_t len, char **out,
			      size_t *out_len, fq_err *err)
{
	fq_status st = FQ_OK;
	char *res = NULL;
	iconv_t cd = iconv_open("UTF-8", "GB18030");

	if (cd == (iconv_t)-1)
		return fq_fail(err, FQ_EIO, ENC_ERR_FIELD,
			       "no GB18030 converter in the C library");
	size_t cap = len / ENC_GB_GROWTH_DEN * ENC_GB_GROWTH_NUM + ENC_GB_SLACK;
	res = malloc(cap);
	if (!res) {
		st = fq_fail(err, FQ_ENOMEM, ENC_ERR_FIELD,
			     "out of memory converting the file");
		goto out;
	}
	char *ip = (char *)buf;
	size_t ileft = len;
	char *op = res;
	size_t oleft = cap - 1; /* room for the NUL */
	while (ileft > 0) {
		if (iconv(cd, &ip, &ileft, &op, &oleft) != (size_t)-1)
			break;
		if (errno != E2BIG) {
			st = gb_error(errno, (size_t)(ip - buf), err);
			goto out;
		}
		st = grow(&res, &cap, &op, &oleft, err);
		if (st != FQ_OK)
			goto out;
	}
	*op = '\0';
	*out_len = (size_t)(op - res);
	*out = res;
	res = NULL;
out:
	free(res);
	iconv_close(cd);
	return st;
}

fq_status enc_to_utf8(const char *buf, size_t len, char **out,
		      size_t *out_len, enc_kind *kind, fq_err *err)
{
	size_t bad = 0;
	fq_status st;

	if (len > ENC_INPUT_MAX)
		return fq_fail(err, FQ_ETOOBIG, ENC_ERR_FIELD,
			       "file is larger than %zu bytes", ENC_INPUT_MAX);
	enc_kind k = enc_detect(buf, len);
	if (k == ENC_GBK) {
		st = from_gb18030(buf, len, out, out_len, err);
	} else {
		size_t skip = k == ENC_UTF8_BOM ? ENC_BOM_LEN : 0;
		if (skip && !utf8_valid(buf + skip, len - skip, &bad))
			return fq_fail(err, FQ_EBADREQ, ENC_ERR_FIELD,
				       "file has a UTF-8 byte-order mark but invalid UTF-8 at byte offset %zu",
				       skip + bad);
		st = copy_out(buf + skip, len - skip, out, err);
		if (st == FQ_OK)
			*out_len = len - skip;
	}
	if (st == FQ_OK && kind)
		*kind = k;
	return st;
}
