/*
 * sheet.h - a table written to a file a street office opens in Excel:
 * CSV (UTF-8 with a byte-order mark, through csv.h's formula-injection
 * guard) or XLSX (libxlsxwriter in constant-memory mode, a bold frozen
 * header row, set column widths, continued on a new sheet past Excel's
 * row limit). One writer for every export, so that they all look alike.
 */
#ifndef FQ_CORE_SHEET_H
#define FQ_CORE_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Columns one sheet may have. */
#define SHEET_COLS_MAX 32

/* One column: header, width in Excel characters, and whether the XLSX
 * cell holds a number (CSV writes every value as text). */
typedef struct sheet_col {
	const char *header;
	double width;
	bool numeric;
} sheet_col;

typedef enum sheet_format {
	SHEET_CSV = 1,  /* "csv" */
	SHEET_XLSX = 2, /* "xlsx" */
} sheet_format;

typedef struct sheet sheet;

/* The format with that name; 0 when unknown or NULL. */
sheet_format sheet_format_parse(const char *name);

/* MIME type and file extension of a format. */
const char *sheet_format_mime(sheet_format f);
const char *sheet_format_ext(sheet_format f);

/*
 * Create the file at path (replacing it) and write the header row. name
 * is the XLSX sheet's name (later sheets get 2, 3 ... appended). cols
 * (n of them, at most SHEET_COLS_MAX) are borrowed until sheet_close.
 * FQ_EIO naming field "out" when the file cannot be written, FQ_EINVAL
 * for a bad format or column count; nothing is left open on error, but
 * the file may exist.
 */
fq_status sheet_open(sheet_format format, const char *path, const char *name,
		     const sheet_col *cols, size_t n, sheet **out, fq_err *err);

/* Write one row of the sheet's column count (NULL fields are empty).
 * FQ_EIO on a write failure. */
fq_status sheet_row(sheet *s, const char *const *fields, fq_err *err);

/* Data rows written so far. */
size_t sheet_rows(const sheet *s);

/* Finish the file and free the writer. FQ_EIO when the last writes fail.
 * NULL-safe (FQ_OK). */
fq_status sheet_close(sheet *s, fq_err *err);

#endif
