/*
 * csv.h - an RFC 4180 CSV reader over a UTF-8 buffer, and a writer that
 * produces files Excel opens safely.
 *
 * The reader handles quoted fields with embedded commas, doubled quotes and
 * line breaks; CRLF, LF and (old Mac Excel) bare CR line ends; a leading
 * UTF-8 byte-order mark; and blank lines, which are skipped wherever they
 * are (so a trailing empty line never yields a record). A quote inside an
 * unquoted field is kept as a literal character, as Excel does. Every field
 * carries the 1-based physical line it starts on and its 1-based column
 * (field index), so import errors can say "line 12, column 3".
 *
 * The reader treats bytes >= 0x80 as opaque, so any ASCII-compatible
 * encoding passes through; Fengqiao feeds it the output of enc_to_utf8().
 */
#ifndef FQ_CORE_CSV_H
#define FQ_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

/* Most fields one record may have; more is FQ_ETOOBIG. */
#define CSV_MAX_FIELDS 64

/* Longest field, in bytes after unquoting; longer is FQ_ETOOBIG. */
#define CSV_MAX_FIELD_LEN 4096

/* Most records one reader yields (header included); more is FQ_ETOOBIG. */
#define CSV_MAX_RECORDS 2000000

/* One field of a record. */
typedef struct csv_field {
	const char *value; /* NUL-terminated, unquoted; owned by the reader */
	size_t len;        /* bytes in value, excluding the NUL */
	size_t line;       /* 1-based physical line the field starts on */
	size_t column;     /* 1-based index of the field in its record */
} csv_field;

/* One record: n_fields >= 1 fields, all borrowed from the reader. */
typedef struct csv_record {
	size_t n_fields;                   /* fields in use, 1..CSV_MAX_FIELDS */
	size_t line;                       /* physical line the record starts on */
	csv_field fields[CSV_MAX_FIELDS];  /* fields[0 .. n_fields-1] are set */
} csv_record;

typedef struct csv_reader csv_reader;

/*
 * A reader over the len bytes at buf. buf is borrowed: it must stay
 * unchanged and alive until csv_reader_free(). Returns NULL only when out
 * of memory. Free with csv_reader_free().
 */
csv_reader *csv_reader_new(const char *buf, size_t len);

/*
 * Read the next record. On FQ_OK either *eof is set to true (no more
 * records; *rec untouched) or *eof is set to false and *rec holds the
 * record. Field values stay valid until the next csv_next() or
 * csv_reader_free() on this reader.
 *
 * Errors (rec and eof untouched; err names field "csv" and the message
 * starts with "line L" or "line L, column C"):
 * FQ_EBADREQ for a quoted field that is never closed (naming the line
 * where its opening quote is), text after a closing quote, or a NUL byte;
 * FQ_ETOOBIG for more than CSV_MAX_FIELDS fields in a record, a field over
 * CSV_MAX_FIELD_LEN bytes, or more than CSV_MAX_RECORDS records.
 * After an error the reader is spent: further calls return the same status
 * with the message "reader stopped after an earlier error".
 */
fq_status csv_next(csv_reader *r, csv_record *rec, bool *eof, fq_err *err);

/* Release a reader; NULL is allowed. Field values it returned die too. */
void csv_reader_free(csv_reader *r);

/*
 * Write the UTF-8 byte-order mark, which Excel on a Chinese Windows needs
 * to open a UTF-8 CSV file without garbling it. Call once, before the first
 * record. Returns FQ_OK or FQ_EIO when the write fails.
 */
fq_status csv_write_bom(FILE *f);

/*
 * Write one record of n fields (NULL entries are written as empty fields),
 * ended by CRLF as RFC 4180 asks. fields may be NULL when n is 0, which
 * writes a bare line end (a blank line, which csv_next() skips).
 *
 * Quoting: a field is enclosed in double quotes, with inner quotes doubled,
 * when it contains a comma, a double quote, CR or LF; a record that is one
 * empty field is written as "" so it does not read back as a blank line.
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @
 * (and, in some versions, TAB or CR) as a formula, so an exported field
 * such as "=HYPERLINK(...)" typed by a resident would execute on an
 * official's machine. Such a field is written with a leading apostrophe
 * ('=HYPERLINK(...)), which makes the cell plain text. Plain decimal numbers
 * ("-5", "+3.5") cannot be formulas and are written unchanged, so negative
 * points and amounts stay numbers. The apostrophe is part of the written
 * field: reading the file back with csv_next() returns it.
 *
 * Returns FQ_OK, or FQ_EIO when a write fails (the record may then be
 * partly written).
 */
fq_status csv_write_record(FILE *f, const char *const *fields, size_t n);

#endif
