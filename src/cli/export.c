/*
 * export.c - `fengqiao export units|households|people --format csv|xlsx
 * --out FILE [--unit CODE] [--unmasked]`: write the org tree, the
 * households or the people (of one unit and everything under it, or all)
 * to a file a street office opens in Excel.
 *
 * The columns are those `fengqiao import` reads, so an unmasked export
 * imports back. CSV is UTF-8 with a byte-order mark (Excel on a Chinese
 * Windows needs it) and goes through the CSV writer's formula-injection
 * guard; XLSX is written with libxlsxwriter in constant-memory mode, with
 * a bold, frozen header row and set column widths, continuing on a new
 * sheet past Excel's row limit. Phone and ID numbers are masked
 * (138****1234) unless --unmasked, which is written to the audit log
 * first, as the system (account 0).
 *
 * Everything is read in one read transaction: one consistent snapshot,
 * even while a server writes.
 */
#include "cli/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/csv.h"
#include "domain/load.h"
#include "domain/person.h"
#include "store/store_auth.h"
#include "store/store_load.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Columns of the widest kind of export. */
#define EX_COLS_MAX 8

/* Bytes of a formatted number cell. */
#define NUM_SIZE 32

/* Bytes of an XLSX sheet name (Excel allows 31 characters). */
#define SHEET_NAME_SIZE 96

/* Bytes of the audit detail. */
#define AUDIT_DETAIL_SIZE 512

/* Audit log address of command-line actions. */
#define AUDIT_ADDRESS "cli"

/* Digits after the point of an exported coordinate (about 1 cm). */
#define COORD_DIGITS 7

/* One column: header, width in Excel characters, and whether the XLSX
 * cell is a number. */
typedef struct ex_col {
	const char *header;
	double width;
	bool numeric;
} ex_col;

static const ex_col unit_cols[] = {
	{"编码", 20, false}, {"名称", 28, false}, {"类型", 8, false}, {"上级编码", 20, false},
	{"边界", 48, false}, {"地址", 40, false}, {"纬度", 13, true}, {"经度", 13, true},
};

static const ex_col household_cols[] = {
	{"户编码", 30, false}, {"楼栋编码", 24, false}, {"单元", 6, true},
	{"楼层", 6, true}, {"房号", 8, false}, {"地址", 48, false},
};

static const ex_col person_cols[] = {
	{"姓名", 12, false}, {"身份证号", 22, false}, {"手机号", 15, false},
	{"户编码", 30, false}, {"与户主关系", 12, false}, {"性别", 6, false},
};

/* Where the rows go: a CSV file or an XLSX workbook. */
typedef struct sink {
	const ex_col *cols;
	size_t n_cols;
	const char *sheet;        /* base name of the sheets */
	FILE *csv;                /* CSV, or NULL */
	lxw_workbook *wb;         /* XLSX, or NULL */
	lxw_worksheet *ws;        /* the sheet being written */
	lxw_format *bold;
	int sheets;               /* sheets started */
	lxw_row_t next_row;       /* next row of the current sheet */
	size_t rows;              /* data rows written */
	bool unmasked;
	bool created;             /* the output file was created */
} sink;

/* ---- the sink -------------------------------------------------------------- */

static fq_status xlsx_fail(lxw_error e, fq_err *err)
{
	return fq_fail(err, FQ_EIO, "out", "writing the workbook: %s", lxw_strerror(e));
}

static fq_status xlsx_sheet(sink *s, fq_err *err)
{
	char name[SHEET_NAME_SIZE];
	if (s->sheets == 0)
		snprintf(name, sizeof name, "%s", s->sheet);
	else
		snprintf(name, sizeof name, "%s%d", s->sheet, s->sheets + 1);
	s->ws = workbook_add_worksheet(s->wb, name);
	if (!s->ws)
		return fq_fail(err, FQ_EIO, "out", "cannot add a sheet to the workbook");
	s->sheets++;
	for (size_t i = 0; i < s->n_cols; i++) {
		lxw_col_t col = (lxw_col_t)i;
		lxw_error e = worksheet_set_column(s->ws, col, col, s->cols[i].width, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(s->ws, 0, col, s->cols[i].header, s->bold);
		if (e != LXW_NO_ERROR)
			return xlsx_fail(e, err);
	}
	worksheet_freeze_panes(s->ws, 1, 0);
	s->next_row = 1;
	return FQ_OK;
}

static fq_status sink_open(sink *s, const char *format, const char *path, fq_err *err)
{
	const char *header[EX_COLS_MAX];
	if (strcmp(format, "xlsx") == 0) {
		lxw_workbook_options o = {.constant_memory = LXW_TRUE};
		s->wb = workbook_new_opt(path, &o);
		if (!s->wb)
			return fq_fail(err, FQ_EIO, "out", "cannot create %s", path);
		s->created = true;
		s->bold = workbook_add_format(s->wb);
		format_set_bold(s->bold);
		return xlsx_sheet(s, err);
	}
	s->csv = fopen(path, "wb");
	if (!s->csv)
		return fq_fail(err, FQ_EIO, "out", "cannot create %s", path);
	s->created = true;
	for (size_t i = 0; i < s->n_cols; i++)
		header[i] = s->cols[i].header;
	if (csv_write_bom(s->csv) != FQ_OK || csv_write_record(s->csv, header, s->n_cols) != FQ_OK)
		return fq_fail(err, FQ_EIO, "out", "cannot write %s", path);
	return FQ_OK;
}

static fq_status xlsx_row(sink *s, const char *const *fields, fq_err *err)
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

static fq_status sink_row(sink *s, const char *const *fields, fq_err *err)
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

/* Finish the file; FQ_EIO when the last writes fail. */
static fq_status sink_close(sink *s, fq_err *err)
{
	fq_status st = FQ_OK;
	if (s->wb) {
		lxw_error e = workbook_close(s->wb);
		if (e != LXW_NO_ERROR)
			st = xlsx_fail(e, err);
	}
	if (s->csv && fclose(s->csv) != 0)
		st = fq_fail(err, FQ_EIO, "out", "cannot finish the file");
	s->wb = NULL;
	s->csv = NULL;
	return st;
}

/* ---- rows ---------------------------------------------------------------- */

static void number(char *buf, int v)
{
	if (v)
		snprintf(buf, NUM_SIZE, "%d", v);
	else
		buf[0] = '\0';
}

static fq_status unit_out(void *arg, const store_export_unit *u, fq_err *err)
{
	char lat[NUM_SIZE] = "", lon[NUM_SIZE] = "";
	if (u->has_point) {
		snprintf(lat, sizeof lat, "%.*f", COORD_DIGITS, u->lat);
		snprintf(lon, sizeof lon, "%.*f", COORD_DIGITS, u->lon);
	}
	const char *f[] = {u->code, u->name, load_unit_kind_label(u->kind), u->parent_code,
			   u->boundary, u->address, lat, lon};
	return sink_row(arg, f, err);
}

static fq_status household_out(void *arg, const store_export_household *h, fq_err *err)
{
	char entrance[NUM_SIZE], floor[NUM_SIZE];
	number(entrance, h->entrance);
	number(floor, h->floor);
	const char *f[] = {h->code, h->building_code, entrance, floor, h->room, h->address};
	return sink_row(arg, f, err);
}

static fq_status person_out(void *arg, const store_export_person *p, fq_err *err)
{
	sink *s = arg;
	char id[PERSON_ID_LEN + 1] = "", phone[NUM_SIZE] = "";
	const char *id_out = p->id_number, *phone_out = p->phone;
	if (!s->unmasked) {
		person_mask_id(p->id_number, id, sizeof id);
		person_mask_phone(p->phone, phone, sizeof phone);
		id_out = id;
		phone_out = phone;
	}
	const char *f[] = {p->name, id_out, phone_out, p->household_code, p->relation,
			   load_gender_label(p->gender)};
	return sink_row(s, f, err);
}

/* ---- the command --------------------------------------------------------- */

typedef struct export_job {
	const char *what;        /* units, households, people */
	const char *unit;        /* --unit CODE or NULL */
	const char *format;      /* csv or xlsx */
	const char *out;         /* --out FILE */
	bool unmasked;
} export_job;

static fq_status export_rows(store_conn *c, const export_job *j, sink *s, fq_err *err)
{
	store_load_unit_ref ref;
	const char *scope = NULL;
	if (j->unit) {
		fq_status st = store_load_find_unit(c, j->unit, &ref, err);
		if (st == FQ_ENOTFOUND)
			return fq_fail(err, st, "unit", "no unit with code %s", j->unit);
		if (st != FQ_OK)
			return st;
		scope = ref.path;
	}
	fq_status st = sink_open(s, j->format, j->out, err);
	if (st != FQ_OK)
		return st;
	if (strcmp(j->what, "units") == 0)
		st = store_export_units(c, scope, unit_out, s, err);
	else if (strcmp(j->what, "households") == 0)
		st = store_export_households(c, scope, household_out, s, err);
	else
		st = store_export_people(c, scope, person_out, s, err);
	fq_status closed = sink_close(s, err);
	return st != FQ_OK ? st : closed;
}

static fq_status audit_tx(store_conn *c, void *arg, fq_err *err)
{
	const export_job *j = arg;
	char detail[AUDIT_DETAIL_SIZE];
	snprintf(detail, sizeof detail, "format=%s unit=%s", j->format, j->unit ? j->unit : "*");
	return store_audit_insert(c, 0, "export.unmasked", j->what, detail, AUDIT_ADDRESS, err);
}

static const char *const export_flags[] = {"db", "config", "unit", "format", "out",
					   "unmasked", NULL};

static int usage(void)
{
	fprintf(stderr, "usage: fengqiao export units|households|people --format csv|xlsx "
			"--out FILE [--unit CODE] [--unmasked] [--db PATH]\n");
	return 2;
}

static int check_args(int argc, char **argv, export_job *j)
{
	static const char *const whats[] = {"units", "households", "people"};
	bool known = false;
	for (size_t i = 0; argc >= 2 && i < ARRAY_LEN(whats); i++)
		known = known || strcmp(argv[1], whats[i]) == 0;
	if (!known)
		return usage();
	for (int i = 2; i < argc; i++) {
		const char *name = argv[i] + 2;
		size_t n = strcspn(name, "=");
		bool ok = false;
		for (int k = 0; strncmp(argv[i], "--", 2) == 0 && !ok && export_flags[k]; k++)
			ok = strlen(export_flags[k]) == n && strncmp(export_flags[k], name, n) == 0;
		if (!ok) {
			fprintf(stderr, "fengqiao export: unexpected argument %s\n", argv[i]);
			return usage();
		}
		if (strcmp(argv[i], "--unmasked") != 0 && !strchr(argv[i], '='))
			i++;
	}
	*j = (export_job){argv[1], cli_flag(argc, argv, "unit"), cli_flag(argc, argv, "format"),
			  cli_flag(argc, argv, "out"), cli_has(argc, argv, "unmasked")};
	if (!j->format || !j->out)
		return usage();
	if (strcmp(j->format, "csv") != 0 && strcmp(j->format, "xlsx") != 0)
		return usage();
	return 0;
}

static const char *sheet_of(const char *what)
{
	if (strcmp(what, "units") == 0)
		return "组织机构";
	return strcmp(what, "households") == 0 ? "住户" : "人员";
}

static void sink_init(sink *s, const export_job *j)
{
	*s = (sink){.sheet = sheet_of(j->what), .unmasked = j->unmasked};
	if (strcmp(j->what, "units") == 0) {
		s->cols = unit_cols;
		s->n_cols = ARRAY_LEN(unit_cols);
	} else if (strcmp(j->what, "households") == 0) {
		s->cols = household_cols;
		s->n_cols = ARRAY_LEN(household_cols);
	} else {
		s->cols = person_cols;
		s->n_cols = ARRAY_LEN(person_cols);
	}
}

static int run_export(store *db, const export_job *j)
{
	fq_err err = {0};
	fq_status st = FQ_OK;
	sink s;
	sink_init(&s, j);
	if (j->unmasked)
		st = store_write(db, audit_tx, (void *)j, &err);
	store_conn *c = NULL;
	if (st == FQ_OK)
		st = store_read_begin(db, &c);
	if (st == FQ_OK)
		st = export_rows(c, j, &s, &err);
	store_read_end(db, c);
	if (st != FQ_OK) {
		sink_close(&s, NULL);
		if (s.created)
			unlink(j->out);
		fprintf(stderr, "fengqiao export: %s\n", err.message[0] ? err.message : "failed");
		return 1;
	}
	printf("exported %zu %s to %s (%s%s)\n", s.rows, j->what, j->out, j->format,
	       j->unmasked ? ", unmasked: recorded in the audit log" : "");
	return 0;
}

int cmd_export(int argc, char **argv)
{
	export_job j;
	int rc = check_args(argc, argv, &j);
	if (rc)
		return rc;
	fq_config cfg;
	if (cli_config(argc, argv, &cfg) != 0)
		return 2;
	if (access(cfg.db_path, F_OK) != 0) {
		fprintf(stderr, "fengqiao export: no database at %s\n", cfg.db_path);
		return 1;
	}
	store *db = NULL;
	if (cli_open_store(&cfg, 1, &db) != 0)
		return 1;
	rc = run_export(db, &j);
	store_close(db);
	return rc;
}
