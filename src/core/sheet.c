/*
 * sheet.c - CSV and XLSX table files; see sheet.h.
 */
#include "core/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/csv.h"

/* Bytes of an XLSX sheet name (Excel allows 31 characters). */
#define SHEET_NAME_SIZE 96

struct sheet {
	const sheet_col *cols;
	size_t n_cols;
	char name[SHEET_NAME_SIZE]; /* base name of the sheets */
	FILE *csv;                  /* CSV, or NULL */
	lxw_workbook *wb;           /* XLSX, or NULL */
	lxw_worksheet *ws;          /* the sheet being written */
	lxw_format *bold;
	int sheets;                 /* sheets started */
	lxw_row_t next_row;         /* next row of the current sheet */
	size_t rows;                /* data rows written */
};

sheet_format sheet_format_parse(const char *name)
{
	if (name && strcmp(name, "csv") == 0)
		return SHEET_CSV;
	if (name && strcmp(name, "xlsx") == 0)
		return SHEET_XLSX;
	return 0;
}

const char *sheet_format_mime(sheet_format f)
{
	return f == SHEET_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8";
}

const char *sheet_format_ext(sheet_format f)
{
	return f == SHEET_XLSX ? "xlsx" : "csv";
}

static fq_status xlsx_fail(lxw_error e, fq_err *err)
{
	return fq_fail(err, FQ_EIO, "out", "writing the workbook: %s", lxw_strerror(e));
}

static fq_status xlsx_sheet(sheet *s, fq_err *err)
{
	char name[SHEET_NAME_SIZE + 16];
	if (s->sheets == 0)
		snprintf(name, sizeof name, "%s", s->name);
	else
		snprintf(name, sizeof name, "%s%d", s->name, s->sheets + 1);
	s->ws = workbook_add_worksheet(s->wb, name);
	if (!s->ws)
		return fq_fail(err, FQ_EIO, "out", "cannot add a sheet to the workbook");
	s->sheets++;
	for (size_t i = 0; i < s->n_cols; i++) {
		lxw_error e = worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i,
						   s->cols[i].width, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(s->ws, 0, (lxw_col_t)i, s->cols[i].header,
						   s->bold);
		if (e != LXW_NO_ERROR)
			return xlsx_fail(e, err);
	}
	worksheet_freeze_panes(s->ws, 1, 0);
	s->next_row = 1;
	return FQ_OK;
}

static fq_status open_xlsx(sheet *s, const char *path, fq_err *err)
{
	lxw_workbook_options o = {.constant_memory = LXW_TRUE};
	s->wb = workbook_new_opt(path, &o);
	if (!s->wb)
		return fq_fail(err, FQ_EIO, "out", "cannot create the workbook");
	s->bold = workbook_add_format(s->wb);
	format_set_bold(s->bold);
	return xlsx_sheet(s, err);
}

static fq_status open_csv(sheet *s, const char *path, fq_err *err)
{
	const char *header[SHEET_COLS_MAX];
	s->csv = fopen(path, "wb");
	if (!s->csv)
		return fq_fail(err, FQ_EIO, "out", "cannot create the file");
	for (size_t i = 0; i < s->n_cols; i++)
		header[i] = s->cols[i].header;
	if (csv_write_bom(s->csv) != FQ_OK ||
	    csv_write_record(s->csv, header, s->n_cols) != FQ_OK)
		return fq_fail(err, FQ_EIO, "out", "cannot write the file");
	return FQ_OK;
}

fq_status sheet_open(sheet_format format, const char *path, const char *name,
		     const sheet_col *cols, size_t n, sheet **out, fq_err *err)
{
	if (n == 0 || n > SHEET_COLS_MAX)
		return fq_fail(err, FQ_EINVAL, "cols", "a sheet has 1 to %d columns",
			       SHEET_COLS_MAX);
	if (format != SHEET_CSV && format != SHEET_XLSX)
		return fq_fail(err, FQ_EINVAL, "format", "format must be csv or xlsx");
	sheet *s = calloc(1, sizeof *s);
	if (!s)
		return FQ_ENOMEM;
	s->cols = cols;
	s->n_cols = n;
	snprintf(s->name, sizeof s->name, "%s", name ? name : "Sheet");
	fq_status st = format == SHEET_XLSX ? open_xlsx(s, path, err) : open_csv(s, path, err);
	if (st != FQ_OK) {
		sheet_close(s, NULL);
		return st;
	}
	*out = s;
	return FQ_OK;
}

static fq_status xlsx_row(sheet *s, const char *const *fields, fq_err *err)
{
	if (s->next_row == LXW_ROW_MAX) {
		fq_status st = xlsx_sheet(s, err);
		if (st != FQ_OK)
			return st;
	}
	for (size_t i = 0; i < s->n_cols; i++) {
		const char *v = fields[i] ? fields[i] : "";
		lxw_error e = LXW_NO_ERROR;
		if (!v[0])
			continue;
		if (s->cols[i].numeric)
			e = worksheet_write_number(s->ws, s->next_row, (lxw_col_t)i,
						   strtod(v, NULL), NULL);
		else
			e = worksheet_write_string(s->ws, s->next_row, (lxw_col_t)i, v, NULL);
		if (e != LXW_NO_ERROR)
			return xlsx_fail(e, err);
	}
	s->next_row++;
	return FQ_OK;
}

fq_status sheet_row(sheet *s, const char *const *fields, fq_err *err)
{
	fq_status st = FQ_OK;
	if (s->wb)
		st = xlsx_row(s, fields, err);
	else if (csv_write_record(s->csv, fields, s->n_cols) != FQ_OK)
		st = fq_fail(err, FQ_EIO, "out", "cannot write the file");
	if (st == FQ_OK)
		s->rows++;
	return st;
}

size_t sheet_rows(const sheet *s)
{
	return s->rows;
}

fq_status sheet_close(sheet *s, fq_err *err)
{
	if (!s)
		return FQ_OK;
	fq_status st = FQ_OK;
	if (s->wb) {
		lxw_error e = workbook_close(s->wb);
		if (e != LXW_NO_ERROR)
			st = xlsx_fail(e, err);
	}
	if (s->csv && fclose(s->csv) != 0)
		st = fq_fail(err, FQ_EIO, "out", "cannot finish the file");
	free(s);
	return st;
}
