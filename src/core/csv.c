/*
 * csv.c - RFC 4180 CSV reading with line/column tracking, and CSV writing
 * with quoting and formula-injection neutralising.
 *
 * The reader copies each field, unquoted, into a fixed scratch area with
 * one slot of CSV_MAX_FIELD_LEN + 1 bytes per possible field, allocated once
 * per reader; so reading never allocates and every limit is enforced while
 * copying.
 */
#include "core/csv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Field name reported in fq_err for every reader failure. */
#define CSV_ERR_FIELD "csv"

/* Bytes of scratch per field slot, NUL included. */
#define CSV_SLOT_SIZE (CSV_MAX_FIELD_LEN + 1)

/* UTF-8 byte-order mark, skipped at the start of the buffer. */
#define CSV_BOM "\xEF\xBB\xBF"
#define CSV_BOM_LEN 3

struct csv_reader {
	const char *buf;  /* borrowed input */
	size_t len;       /* bytes in buf */
	size_t pos;       /* next byte to read */
	size_t line;      /* 1-based physical line of buf[pos] */
	size_t records;   /* records returned so far */
	fq_status failed; /* FQ_OK, or the error that spent the reader */
	char *scratch;    /* CSV_MAX_FIELDS slots of CSV_SLOT_SIZE bytes */
};

/* The field being filled: where it goes and where it started. */
typedef struct field_sink {
	char *dst;     /* slot in the scratch area */
	size_t len;    /* bytes written so far */
	size_t line;   /* line the field starts on */
	size_t column; /* 1-based field index */
} field_sink;

csv_reader *csv_reader_new(const char *buf, size_t len)
{
	csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->scratch = malloc((size_t)CSV_MAX_FIELDS * CSV_SLOT_SIZE);
	if (!r->scratch) {
		free(r);
		return NULL;
	}
	r->buf = buf;
	r->len = len;
	r->line = 1;
	if (len >= CSV_BOM_LEN && memcmp(buf, CSV_BOM, CSV_BOM_LEN) == 0)
		r->pos = CSV_BOM_LEN;
	return r;
}

void csv_reader_free(csv_reader *r)
{
	if (!r)
		return;
	free(r->scratch);
	free(r);
}

/* Record the error that spends the reader, and return it. */
static fq_status spend(csv_reader *r, fq_status st)
{
	r->failed = st;
	return st;
}

static bool at_eol(const csv_reader *r)
{
	return r->pos < r->len &&
	       (r->buf[r->pos] == '\n' || r->buf[r->pos] == '\r');
}

/* Consume one line end (CRLF, LF or bare CR) at pos. */
static void skip_eol(csv_reader *r)
{
	if (r->buf[r->pos] == '\r' && r->pos + 1 < r->len &&
	    r->buf[r->pos + 1] == '\n')
		r->pos++;
	r->pos++;
	r->line++;
}

/* Append one byte to the field, enforcing the length and NUL rules. */
static fq_status put(csv_reader *r, field_sink *s, char c, fq_err *err)
{
	if (c == '\0')
		return spend(r, fq_fail(err, FQ_EBADREQ, CSV_ERR_FIELD,
					"line %zu, column %zu: NUL byte in field",
					r->line, s->column));
	if (s->len == CSV_MAX_FIELD_LEN)
		return spend(r, fq_fail(err, FQ_ETOOBIG, CSV_ERR_FIELD,
					"line %zu, column %zu: field longer than %d bytes",
					s->line, s->column, CSV_MAX_FIELD_LEN));
	s->dst[s->len++] = c;
	return FQ_OK;
}

/* An unquoted field: everything up to a comma, line end or end of input. */
static fq_status read_plain(csv_reader *r, field_sink *s, fq_err *err)
{
	while (r->pos < r->len) {
		char c = r->buf[r->pos];
		if (c == ',' || c == '\n' || c == '\r')
			break;
		fq_status st = put(r, s, c, err);
		if (st != FQ_OK)
			return st;
		r->pos++;
	}
	return FQ_OK;
}

/* Count a line break inside a quoted field (CRLF counts once, at LF). */
static void count_quoted_break(csv_reader *r)
{
	char c = r->buf[r->pos];
	if (c == '\n')
		r->line++;
	else if (c == '\r' && !(r->pos + 1 < r->len &&
				r->buf[r->pos + 1] == '\n'))
		r->line++;
}

/* Consume a quoted field's body after its opening quote, through the
 * closing quote. */
static fq_status read_quoted_body(csv_reader *r, field_sink *s, fq_err *err)
{
	for (;;) {
		if (r->pos >= r->len)
			return spend(r, fq_fail(err, FQ_EBADREQ, CSV_ERR_FIELD,
						"line %zu, column %zu: quoted field is not closed",
						s->line, s->column));
		char c = r->buf[r->pos];
		if (c == '"') {
			if (r->pos + 1 >= r->len || r->buf[r->pos + 1] != '"') {
				r->pos++;
				return FQ_OK;
			}
			r->pos++; /* the first of a doubled quote */
		}
		fq_status st = put(r, s, c, err);
		if (st != FQ_OK)
			return st;
		count_quoted_break(r);
		r->pos++;
	}
}

/* A quoted field: the body, then a comma, line end or end of input. */
static fq_status read_quoted(csv_reader *r, field_sink *s, fq_err *err)
{
	r->pos++; /* opening quote */
	fq_status st = read_quoted_body(r, s, err);
	if (st != FQ_OK)
		return st;
	if (r->pos < r->len && r->buf[r->pos] != ',' && !at_eol(r))
		return spend(r, fq_fail(err, FQ_EBADREQ, CSV_ERR_FIELD,
					"line %zu, column %zu: text after the closing quote",
					r->line, s->column));
	return FQ_OK;
}

/* Read one field into slot n of the scratch area and describe it in *f. */
static fq_status read_field(csv_reader *r, size_t n, csv_field *f,
			    fq_err *err)
{
	field_sink s = {
		.dst = r->scratch + n * CSV_SLOT_SIZE,
		.len = 0,
		.line = r->line,
		.column = n + 1,
	};
	fq_status st;

	if (r->pos < r->len && r->buf[r->pos] == '"')
		st = read_quoted(r, &s, err);
	else
		st = read_plain(r, &s, err);
	if (st != FQ_OK)
		return st;
	s.dst[s.len] = '\0';
	*f = (csv_field){.value = s.dst, .len = s.len, .line = s.line,
			 .column = s.column};
	return FQ_OK;
}

/* Read the fields of one record into fields[], counting them in *n. */
static fq_status read_record(csv_reader *r, csv_field *fields, size_t *n,
			     fq_err *err)
{
	size_t count = 0;

	for (;;) {
		if (count == CSV_MAX_FIELDS)
			return spend(r, fq_fail(err, FQ_ETOOBIG, CSV_ERR_FIELD,
						"line %zu: more than %d fields in a record",
						r->line, CSV_MAX_FIELDS));
		fq_status st = read_field(r, count, &fields[count], err);
		if (st != FQ_OK)
			return st;
		count++;
		if (r->pos >= r->len || r->buf[r->pos] != ',')
			break;
		r->pos++;
	}
	if (at_eol(r))
		skip_eol(r);
	*n = count;
	return FQ_OK;
}

fq_status csv_next(csv_reader *r, csv_record *rec, bool *eof, fq_err *err)
{
	csv_field fields[CSV_MAX_FIELDS]; /* copied to *rec only on success */
	size_t n = 0;

	assert(r && rec && eof);
	if (r->failed != FQ_OK)
		return fq_fail(err, r->failed, CSV_ERR_FIELD,
			       "reader stopped after an earlier error");
	while (at_eol(r))
		skip_eol(r);
	if (r->pos >= r->len) {
		*eof = true;
		return FQ_OK;
	}
	size_t line = r->line;
	if (r->records == CSV_MAX_RECORDS)
		return spend(r, fq_fail(err, FQ_ETOOBIG, CSV_ERR_FIELD,
					"line %zu: more than %d records",
					line, CSV_MAX_RECORDS));
	fq_status st = read_record(r, fields, &n, err);
	if (st != FQ_OK)
		return st;
	r->records++;
	rec->n_fields = n;
	rec->line = line;
	memcpy(rec->fields, fields, n * sizeof fields[0]);
	*eof = false;
	return FQ_OK;
}

/* Characters that make a field need quotes. */
#define CSV_QUOTE_TRIGGERS ",\"\r\n"

/* Leading characters a spreadsheet may run as a formula. */
#define CSV_FORMULA_LEADS "=+-@\t\r"

/* True for an optionally signed decimal number: [+-]digits[.digits]. */
static bool is_plain_number(const char *s)
{
	size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
	size_t digits = 0;

	while (s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (digits == 0)
		return false;
	if (s[i] == '\0')
		return true;
	if (s[i] != '.' || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
		return false;
	for (i++; s[i] >= '0' && s[i] <= '9'; i++)
		;
	return s[i] == '\0';
}

static bool needs_apostrophe(const char *s)
{
	return s[0] != '\0' && strchr(CSV_FORMULA_LEADS, s[0]) &&
	       !is_plain_number(s);
}

static fq_status put_field(FILE *f, const char *s, bool force_quotes)
{
	bool quote = force_quotes || s[strcspn(s, CSV_QUOTE_TRIGGERS)] != '\0';
	bool ok = true;

	if (quote)
		ok = fputc('"', f) != EOF;
	if (ok && needs_apostrophe(s))
		ok = fputc('\'', f) != EOF;
	for (const char *p = s; ok && *p; p++) {
		if (*p == '"' && fputc('"', f) == EOF)
			ok = false;
		else if (fputc(*p, f) == EOF)
			ok = false;
	}
	if (ok && quote)
		ok = fputc('"', f) != EOF;
	return ok ? FQ_OK : FQ_EIO;
}

fq_status csv_write_bom(FILE *f)
{
	return fputs(CSV_BOM, f) == EOF ? FQ_EIO : FQ_OK;
}

fq_status csv_write_record(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		if (i > 0 && fputc(',', f) == EOF)
			return FQ_EIO;
		fq_status st = put_field(f, s, n == 1 && s[0] == '\0');
		if (st != FQ_OK)
			return st;
	}
	return fputs("\r\n", f) == EOF ? FQ_EIO : FQ_OK;
}
