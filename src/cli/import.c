/*
 * import.c - `fengqiao import units|households|people|leaders FILE`: load
 * a CSV file as a street office exports it from Excel (UTF-8 with or
 * without a byte-order mark, or GBK; a header row of Chinese or English
 * column names) into the database, all or nothing.
 *
 * The file is read twice inside one write transaction. The first pass
 * checks every row (cells, references to codes in the database or in
 * earlier rows, duplicates within the file and against the database) and
 * collects every problem as FILE:LINE:COLUMN: reason. If there is any, the
 * transaction is rolled back, every problem is printed to standard error
 * and the command exits 1 having written nothing. Otherwise the second
 * pass, which now passes every check, inserts the rows. --dry-run runs the
 * first pass on a read connection only.
 *
 * The rules themselves are in domain/load.h; this file maps columns,
 * looks things up and reports.
 */
#include "cli/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "api/geojson.h"
#include "cli/import_int.h"
#include "core/csv.h"
#include "core/encoding.h"
#include "domain/load.h"
#include "domain/person.h"
#include "store/store_load.h"

/* Largest file import reads. */
#define IMPORT_FILE_MAX ((size_t)256 * 1024 * 1024)

/* ---- the header ---------------------------------------------------------- */

/* Header cells that are accepted and ignored: row numbers and remarks. */
static const char *const ignored_columns[] = {"序号", "备注", "No.", "#", "remark", NULL};

static int match_column(const im_kind *k, const char *name)
{
	for (size_t i = 0; i < k->n_cols; i++)
		for (size_t j = 0; j < IM_ALIASES_MAX && k->cols[i].names[j]; j++)
			if (strcasecmp(name, k->cols[i].names[j]) == 0)
				return (int)i;
	return -1;
}

static bool is_ignored(const char *name)
{
	for (size_t i = 0; ignored_columns[i]; i++)
		if (strcasecmp(name, ignored_columns[i]) == 0)
			return true;
	return false;
}

static void map_header_cell(importer *im, const csv_field *f)
{
	char name[CSV_MAX_FIELD_LEN + 1];
	snprintf(name, sizeof name, "%s", f->value);
	load_trim(name);
	int key = match_column(im->kind, name);
	im->named[f->column - 1] = key >= 0 || is_ignored(name);
	if (key < 0 && (is_ignored(name) || name[0] == '\0'))
		return;
	if (key < 0) {
		char reason[FQ_ERR_MSG_MAX];
		snprintf(reason, sizeof reason, "unknown column '%.60s' for %s", name,
			 im->kind->name);
		im_add_issue(im, f->line, f->column, reason);
	} else if (im->col_of[key] >= 0) {
		char reason[FQ_ERR_MSG_MAX];
		snprintf(reason, sizeof reason, "column %s appears twice (first as column %d)",
			 im->kind->cols[key].names[0], im->col_of[key] + 1);
		im_add_issue(im, f->line, f->column, reason);
	} else {
		im->col_of[key] = (int)f->column - 1;
	}
}

/* Map the header row's cells to columns; every problem becomes an issue. */
static void read_header(importer *im)
{
	for (size_t i = 0; i < IM_COLS_MAX; i++)
		im->col_of[i] = -1;
	csv_reader *rd = csv_reader_new(im->text, im->len);
	csv_record rec;
	bool eof = true;
	fq_err e = {0};
	if (!rd) {
		im->out_of_memory = true;
		return;
	}
	if (csv_next(rd, &rec, &eof, &e) != FQ_OK) {
		im_csv_issue(im, &e);
	} else if (eof) {
		im_add_issue(im, 1, 1, "the file is empty: a header row is needed");
	} else {
		im->n_header = rec.n_fields;
		im->header_line = rec.line;
		for (size_t i = 0; i < rec.n_fields; i++)
			map_header_cell(im, &rec.fields[i]);
		for (size_t k = 0; k < im->kind->n_cols; k++) {
			if (!im->kind->cols[k].required || im->col_of[k] >= 0)
				continue;
			char reason[FQ_ERR_MSG_MAX];
			snprintf(reason, sizeof reason, "missing required column %s (%s)",
				 im->kind->cols[k].names[0], im->kind->cols[k].key);
			im_add_issue(im, rec.line, rec.n_fields + 1, reason);
		}
	}
	csv_reader_free(rd);
}

/* ---- rows ---------------------------------------------------------------- */

/* Fill r from a record; false for a row whose every cell is blank. */
static bool make_row(importer *im, const csv_record *rec, im_row *r)
{
	bool any = false;
	r->line = rec->line;
	for (size_t k = 0; k < im->kind->n_cols; k++) {
		int idx = im->col_of[k];
		char *dst = im->scratch[k];
		dst[0] = '\0';
		r->vline[k] = rec->line;
		r->col[k] = idx >= 0 ? (size_t)idx + 1 : im->n_header + 1;
		if (idx >= 0 && (size_t)idx < rec->n_fields) {
			memcpy(dst, rec->fields[idx].value, rec->fields[idx].len + 1);
			load_trim(dst);
			r->vline[k] = rec->fields[idx].line;
		}
		r->v[k] = dst;
		any = any || dst[0];
	}
	for (size_t i = 0; i < rec->n_fields; i++)
		any = any || (!(i < im->n_header && im->named[i]) && rec->fields[i].len > 0);
	return any;
}

/* Values under a blank header cell or beyond the header's last column. */
static void check_extra_cells(importer *im, const csv_record *rec)
{
	for (size_t i = 0; i < rec->n_fields; i++) {
		if (i < im->n_header && im->named[i])
			continue;
		char cell[CSV_MAX_FIELD_LEN + 1];
		memcpy(cell, rec->fields[i].value, rec->fields[i].len + 1);
		if (load_trim(cell)[0])
			im_add_issue(im, rec->fields[i].line, rec->fields[i].column,
				  "a value in a column that has no header");
	}
}

/* One pass over the data rows. Problems become issues; the status is not
 * FQ_OK only when the store fails or memory runs out. */
static fq_status run_pass(importer *im, store_conn *c, fq_err *err)
{
	csv_reader *rd = csv_reader_new(im->text, im->len);
	if (!rd)
		return fq_fail(err, FQ_ENOMEM, "", "out of memory");
	csv_record rec;
	bool eof = false;
	fq_err e = {0};
	fq_status st = csv_next(rd, &rec, &eof, &e); /* the header */
	im->rows = 0;
	while (st == FQ_OK && !eof) {
		if (csv_next(rd, &rec, &eof, &e) != FQ_OK) {
			im_csv_issue(im, &e);
			break;
		}
		im_row r;
		if (eof || !make_row(im, &rec, &r))
			continue;
		check_extra_cells(im, &rec);
		st = im->kind->row(im, c, &r, err);
		im->rows++;
		if (st == FQ_OK && im->out_of_memory)
			st = fq_fail(err, FQ_ENOMEM, "", "out of memory");
	}
	csv_reader_free(rd);
	return st;
}

/* The write transaction: check everything, and insert only if all is well. */
static fq_status import_tx(store_conn *c, void *arg, fq_err *err)
{
	importer *im = arg;
	im->inserting = false;
	fq_status st = run_pass(im, c, err);
	if (st != FQ_OK)
		return st;
	if (im->n_issues)
		return fq_fail(err, FQ_EINVAL, "file", "the file has problems");
	im->inserting = true;
	st = run_pass(im, c, err);
	if (st == FQ_OK && im->n_issues)
		st = fq_fail(err, FQ_ESTORE, "file",
			     "a row failed on insert after passing its checks");
	return st;
}

/* ---- the command --------------------------------------------------------- */

static const im_kind *kind_named(const char *name)
{
	static const im_kind *const kinds[] = {&im_units, &im_households, &im_people,
					       &im_leaders};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

/* Read the whole file and convert it to UTF-8 into im->text. */
static int load_file(importer *im)
{
	FILE *f = fopen(im->file, "rb");
	char *raw = NULL;
	int rc = -1;
	struct stat sb;
	if (!f || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "fengqiao import: cannot open %s\n", im->file);
		goto out;
	}
	if ((size_t)sb.st_size > IMPORT_FILE_MAX) {
		fprintf(stderr, "fengqiao import: %s is larger than %zu MiB\n", im->file,
			IMPORT_FILE_MAX >> 20);
		goto out;
	}
	size_t n = (size_t)sb.st_size;
	raw = malloc(n + 1);
	if (!raw || fread(raw, 1, n, f) != n) {
		fprintf(stderr, "fengqiao import: cannot read %s\n", im->file);
		goto out;
	}
	fq_err e = {0};
	if (enc_to_utf8(raw, n, &im->text, &im->len, &im->encoding, &e) != FQ_OK) {
		fprintf(stderr, "%s:1:1: %s\n", im->file, e.message);
		goto out;
	}
	rc = 0;
out:
	free(raw);
	if (f)
		fclose(f);
	return rc;
}

static const char *const import_flags[] = {"db", "config", "dry-run", NULL};

static int check_args(int argc, char **argv)
{
	if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-' || !kind_named(argv[1])) {
		fprintf(stderr, "usage: fengqiao import units|households|people|leaders FILE "
				"[--db PATH] [--dry-run]\n(see docs/import.md for the columns)\n");
		return 2;
	}
	static const char *const bare[] = {"dry-run", NULL};
	int bad = cli_unknown_arg(argc, argv, 3, import_flags, bare);
	if (bad) {
		fprintf(stderr, "fengqiao import: unexpected argument %s\n", argv[bad]);
		return 2;
	}
	return 0;
}

static int run_import(importer *im, store *db, bool dry_run)
{
	fq_err err = {0};
	fq_status st;
	if (dry_run) {
		store_conn *c = NULL;
		st = store_read_begin(db, &c);
		if (st == FQ_OK)
			st = run_pass(im, c, &err);
		store_read_end(db, c);
	} else {
		st = store_write(db, import_tx, im, &err);
	}
	if (im->n_issues) {
		im_print_issues(im);
		return 1;
	}
	if (st != FQ_OK) {
		fprintf(stderr, "fengqiao import: %s\n", err.message);
		return 1;
	}
	if (dry_run)
		printf("%s: %zu %s are valid (%s); dry run, nothing was written\n", im->file,
		       im->rows, im->kind->name, enc_kind_name(im->encoding));
	else
		printf("imported %zu %s from %s (%s)\n", im->rows, im->kind->name, im->file,
		       enc_kind_name(im->encoding));
	return 0;
}

int cmd_import(int argc, char **argv)
{
	int rc = check_args(argc, argv);
	if (rc)
		return rc;
	fq_config cfg;
	if (cli_config(argc, argv, &cfg) != 0)
		return 2;
	importer *im = calloc(1, sizeof *im);
	store *db = NULL;
	rc = 1;
	if (!im)
		goto out;
	fq_arena_init(&im->arena);
	im->kind = kind_named(argv[1]);
	im->file = argv[2];
	if (load_file(im) != 0)
		goto out;
	read_header(im);
	if (im->n_issues) {
		im_print_issues(im);
		goto out;
	}
	if (cli_open_store(&cfg, 1, &db) != 0)
		goto out;
	rc = run_import(im, db, cli_has(argc, argv, "dry-run"));
out:
	store_close(db);
	if (im) {
		im_map_free(&im->seen);
		im_map_free(&im->linked);
		free(im->issues);
		free(im->text);
		fq_arena_free(&im->arena);
		free(im);
	}
	return rc;
}
