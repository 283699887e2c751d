/*
 * export.c - `fengqiao export units|households|people --format csv|xlsx
 * --out FILE [--unit CODE] [--unmasked]`: write the org tree, the
 * households or the people (of one unit and everything under it, or all)
 * to a file a street office opens in Excel.
 *
 * The columns are those `fengqiao import` reads, so an unmasked export
 * imports back. The file is written by the one table writer of
 * core/sheet.h (CSV with a byte-order mark and the formula-injection
 * guard, or XLSX with a bold frozen header). Phone and ID numbers are masked
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

#include "core/sheet.h"
#include "domain/load.h"
#include "domain/person.h"
#include "store/store_auth.h"
#include "store/store_load.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Bytes of a formatted number cell. */
#define NUM_SIZE 32

/* Bytes of the audit detail. */
#define AUDIT_DETAIL_SIZE 512

/* Audit log address of command-line actions. */

/* Digits after the point of an exported coordinate (about 1 cm). */
#define COORD_DIGITS 7

static const sheet_col unit_cols[] = {
	{"编码", 20, false}, {"名称", 28, false}, {"类型", 8, false}, {"上级编码", 20, false},
	{"边界", 48, false}, {"地址", 40, false}, {"纬度", 13, true}, {"经度", 13, true},
};

static const sheet_col household_cols[] = {
	{"户编码", 30, false}, {"楼栋编码", 24, false}, {"单元", 6, true},
	{"楼层", 6, true}, {"房号", 8, false}, {"地址", 48, false},
};

static const sheet_col person_cols[] = {
	{"姓名", 12, false}, {"身份证号", 22, false}, {"手机号", 15, false},
	{"户编码", 30, false}, {"与户主关系", 12, false}, {"性别", 6, false},
};

/* Where the rows go, and whether they go unmasked. */
typedef struct ex_out {
	sheet *sh;
	bool unmasked;
} ex_out;

/* ---- rows ---------------------------------------------------------------- */

static fq_status ex_row(void *arg, const char *const *fields, fq_err *err)
{
	ex_out *o = arg;
	return sheet_row(o->sh, fields, err);
}

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
	return ex_row(arg, f, err);
}

static fq_status household_out(void *arg, const store_export_household *h, fq_err *err)
{
	char entrance[NUM_SIZE], floor[NUM_SIZE];
	number(entrance, h->entrance);
	number(floor, h->floor);
	const char *f[] = {h->code, h->building_code, entrance, floor, h->room, h->address};
	return ex_row(arg, f, err);
}

static fq_status person_out(void *arg, const store_export_person *p, fq_err *err)
{
	ex_out *o = arg;
	char id[PERSON_ID_LEN + 1] = "", phone[NUM_SIZE] = "";
	const char *id_out = p->id_number, *phone_out = p->phone;
	if (!o->unmasked) {
		person_mask_id(p->id_number, id, sizeof id);
		person_mask_phone(p->phone, phone, sizeof phone);
		id_out = id;
		phone_out = phone;
	}
	const char *f[] = {p->name, id_out, phone_out, p->household_code, p->relation,
			   load_gender_label(p->gender)};
	return ex_row(o, f, err);
}

/* ---- the command --------------------------------------------------------- */

typedef struct export_job {
	const char *what;        /* units, households, people */
	const char *unit;        /* --unit CODE or NULL */
	const char *format;      /* csv or xlsx */
	const char *out;         /* --out FILE */
	bool unmasked;
} export_job;

/* The columns and the sheet name of one kind of export. */
typedef struct ex_kind {
	const char *what;
	const char *sheet;
	const sheet_col *cols;
	size_t n_cols;
} ex_kind;

static const ex_kind kinds[] = {
	{"units", "组织机构", unit_cols, ARRAY_LEN(unit_cols)},
	{"households", "住户", household_cols, ARRAY_LEN(household_cols)},
	{"people", "人员", person_cols, ARRAY_LEN(person_cols)},
};

static const ex_kind *kind_of(const char *what)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].what, what) == 0)
			return &kinds[i];
	return NULL;
}

static fq_status export_rows(store_conn *c, const export_job *j, ex_out *o, fq_err *err)
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
	const ex_kind *k = kind_of(j->what);
	fq_status st = sheet_open(sheet_format_parse(j->format), j->out, k->sheet, k->cols,
				  k->n_cols, &o->sh, err);
	if (st != FQ_OK)
		return st;
	if (strcmp(j->what, "units") == 0)
		st = store_export_units(c, scope, unit_out, o, err);
	else if (strcmp(j->what, "households") == 0)
		st = store_export_households(c, scope, household_out, o, err);
	else
		st = store_export_people(c, scope, person_out, o, err);
	return st;
}

static fq_status audit_tx(store_conn *c, void *arg, fq_err *err)
{
	const export_job *j = arg;
	char detail[AUDIT_DETAIL_SIZE];
	snprintf(detail, sizeof detail, "format=%s unit=%s", j->format, j->unit ? j->unit : "*");
	return store_audit_insert(c, 0, "export.unmasked", j->what, detail, CLI_AUDIT_ADDRESS, err);
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
	if (argc < 2 || !kind_of(argv[1]))
		return usage();
	static const char *const bare[] = {"unmasked", NULL};
	int bad = cli_unknown_arg(argc, argv, 2, export_flags, bare);
	if (bad) {
		fprintf(stderr, "fengqiao export: unexpected argument %s\n", argv[bad]);
		return usage();
	}
	*j = (export_job){argv[1], cli_flag(argc, argv, "unit"), cli_flag(argc, argv, "format"),
			  cli_flag(argc, argv, "out"), cli_has(argc, argv, "unmasked")};
	if (!j->format || !j->out)
		return usage();
	if (!sheet_format_parse(j->format))
		return usage();
	return 0;
}

static int run_export(store *db, const export_job *j)
{
	fq_err err = {0};
	fq_status st = FQ_OK;
	ex_out o = {.unmasked = j->unmasked};
	if (j->unmasked)
		st = store_write(db, audit_tx, (void *)j, &err);
	store_conn *c = NULL;
	if (st == FQ_OK)
		st = store_read_begin(db, &c);
	if (st == FQ_OK)
		st = export_rows(c, j, &o, &err);
	store_read_end(db, c);
	size_t rows = o.sh ? sheet_rows(o.sh) : 0;
	fq_status closed = sheet_close(o.sh, &err);
	if (st == FQ_OK)
		st = closed;
	if (st != FQ_OK) {
		if (o.sh)
			unlink(j->out);
		fprintf(stderr, "fengqiao export: %s\n", err.message[0] ? err.message : "failed");
		return 1;
	}
	printf("exported %zu %s to %s (%s%s)\n", rows, j->what, j->out, j->format,
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
