/*
 * store_catalogue.c - SQL for categories, their limits and the calendar's
 * override rows; see store_catalogue.h.
 */
#include "store/store_catalogue.h"

#include <string.h>

#include "store/sqlite_int.h"

#define CATEGORY_COLS                                                                       \
	"SELECT id, coalesce(parent_id, 0), code, name, name_en, icon, start_level, priority," \
	" active, sort, danger, danger_calls FROM categories "

fq_status store_categories_count(store_conn *c, int64_t *out, fq_err *err)
{
	return stmt_int(c, stmt_get(c, "SELECT count(*) FROM categories"), out, err);
}

fq_status store_calendar_count(store_conn *c, int64_t *out, fq_err *err)
{
	return stmt_int(c, stmt_get(c, "SELECT count(*) FROM calendar_days"), out, err);
}

/* ---- limits ------------------------------------------------------------ */

static fq_status limits_write(store_conn *c, int64_t id, const sla_limits *l, fq_err *err)
{
	fq_status st = stmt_exec(
		c, stmt_bound(c, "DELETE FROM category_limits WHERE category_id = ?", ARG_I64(id)),
		err);
	for (int lv = 0; lv < LADDER_LEVEL_MAX && st == FQ_OK; lv++) {
		const sla_level_limits *x = &l->level[lv];
		st = stmt_exec(c,
			       stmt_bound(c,
					  "INSERT INTO category_limits(category_id, level,"
					  " accept_amount, accept_unit, resolve_amount, resolve_unit)"
					  " VALUES (?, ?, ?, ?, ?, ?)",
					  ARG_I64(id), ARG_INT(lv + 1), ARG_INT(x->accept.amount),
					  ARG_TEXT(sla_unit_name(x->accept.unit)),
					  ARG_INT(x->resolve.amount),
					  ARG_TEXT(sla_unit_name(x->resolve.unit))),
			       err);
	}
	return st;
}

/* Fill cat->limits from category_limits; has_limits when all levels are
 * present. */
static fq_status limits_read(store_conn *c, store_category *cat, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
				      "SELECT level, accept_amount, accept_unit, resolve_amount,"
				      " resolve_unit FROM category_limits WHERE category_id = ?"
				      " ORDER BY level",
				      ARG_I64(cat->id));
	fq_status res = stmt_ready(st, err);
	if (res != FQ_OK)
		return res;
	int seen = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int lv = sqlite3_column_int(st, 0);
		if (!ladder_level_valid(lv))
			continue;
		sla_level_limits *x = &cat->limits.level[lv - 1];
		x->accept.amount = sqlite3_column_int(st, 1);
		x->accept.unit = sla_unit_parse((const char *)sqlite3_column_text(st, 2));
		x->resolve.amount = sqlite3_column_int(st, 3);
		x->resolve.unit = sla_unit_parse((const char *)sqlite3_column_text(st, 4));
		seen++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return stmt_fail(c, rc, err);
	cat->has_limits = seen == LADDER_LEVEL_MAX;
	return FQ_OK;
}

/* ---- categories ---------------------------------------------------------- */

fq_status store_category_insert(store_conn *c, const store_category *cat, int64_t *id_out,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(
		c,
		"INSERT INTO categories(code, parent_id, name, name_en, icon,"
		" start_level, priority, active, sort, danger, danger_calls)"
		" VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8,"
		" CASE WHEN ?9 >= 0 THEN ?9 ELSE (SELECT coalesce(max(sort) + 1, 0)"
		" FROM categories WHERE coalesce(parent_id, 0) = ?2) END, ?10, ?11)",
		ARG_TEXT(cat->code), ARG_I64(cat->parent_id), ARG_TEXT(cat->name),
		ARG_STR(cat->name_en), ARG_STR(cat->icon), ARG_INT(cat->start_level),
		ARG_INT(cat->priority), ARG_INT(cat->active ? 1 : 0), ARG_INT(cat->sort),
		ARG_INT(cat->danger ? 1 : 0), ARG_STR(cat->danger_calls));
	int64_t id = 0;
	fq_status res = stmt_insert(c, st, &id, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "code", "category.code_taken",
				"a category with code %s exists",
				cat->code);
	if (res != FQ_OK)
		return res;
	res = limits_write(c, id, &cat->limits, err);
	if (res == FQ_OK && id_out)
		*id_out = id;
	return res;
}

fq_status store_category_update(store_conn *c, const store_category *cat, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
				      "UPDATE categories SET name = ?, name_en = ?, icon = ?,"
				      " start_level = ?, priority = ?, active = ?, danger = ?,"
				      " danger_calls = ? WHERE id = ?",
				      ARG_TEXT(cat->name), ARG_STR(cat->name_en), ARG_STR(cat->icon),
				      ARG_INT(cat->start_level), ARG_INT(cat->priority),
				      ARG_INT(cat->active ? 1 : 0), ARG_INT(cat->danger ? 1 : 0),
				      ARG_STR(cat->danger_calls), ARG_I64(cat->id));
	fq_status res = stmt_exec(c, st, err);
	if (res != FQ_OK)
		return res;
	if (sqlite3_changes(c->db) == 0)
		return fq_failr(err, FQ_ENOTFOUND, "id", "category.not_found", "no category %lld",
				(long long)cat->id);
	return limits_write(c, cat->id, &cat->limits, err);
}

ROW_READER(read_category, store_category,
	COL(I64, id), COL(I64, parent_id), COL(OPT, code), COL(OPT, name), COL(OPT, name_en),
	COL(OPT, icon), COL(INT, start_level), COL(INT, priority), COL(INT, active), COL(INT, sort),
	COL(INT, danger), COL(OPT, danger_calls))

fq_status store_category_get(store_conn *c, int64_t id, const char *code, fq_arena *a,
			     store_category *out, fq_err *err)
{
	sqlite3_stmt *st = id ? stmt_bound(c, CATEGORY_COLS "WHERE id = ?", ARG_I64(id))
			      : stmt_bound(c, CATEGORY_COLS "WHERE code = ?", ARG_STR(code));
	store_category cat;
	fq_status res = stmt_one(c, a, st, read_category, &cat, "category", "category", err);
	if (res == FQ_OK)
		res = limits_read(c, &cat, err);
	if (res == FQ_OK)
		*out = cat;
	return res;
}

fq_status store_categories_list(store_conn *c, fq_arena *a, store_category **out, size_t *n,
				fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, CATEGORY_COLS
				      "ORDER BY coalesce(parent_id, 0), sort, id LIMIT ?",
				      ARG_INT(STORE_CATEGORIES_MAX));
	store_category *rows = NULL;
	size_t k = 0;
	fq_status res = stmt_rows(c, a, st, STORE_CATEGORIES_MAX, sizeof *rows, read_category,
				  (void **)&rows, &k, err);
	for (size_t i = 0; i < k && res == FQ_OK; i++)
		res = limits_read(c, &rows[i], err);
	if (res == FQ_OK) {
		*out = rows;
		*n = k;
	}
	return res;
}

/* ---- calendar ------------------------------------------------------------ */

static int read_cal_entry(fq_arena *a, sqlite3_stmt *st, void *row)
{
	cal_entry *e = row;
	int bad = 0;
	e->date = sqlite3_column_int(st, 0);
	e->kind = cal_kind_parse((const char *)sqlite3_column_text(st, 1));
	e->name = col_opt(a, st, 2, &bad);
	return bad ? -1 : 0;
}

fq_status store_calendar_list(store_conn *c, cal_date from, cal_date to, fq_arena *a,
			      cal_entry **out, size_t *n, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
				      "SELECT day, kind, name FROM calendar_days"
				      " WHERE day BETWEEN ? AND ? ORDER BY day LIMIT ?",
				      ARG_INT(from), ARG_INT(to), ARG_INT(STORE_CALENDAR_ROWS_MAX));
	return stmt_rows(c, a, st, STORE_CALENDAR_ROWS_MAX, sizeof **out, read_cal_entry,
	                 (void **)out, n, err);
}

fq_status store_calendar_put(store_conn *c, const cal_entry *e, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c,
				      "INSERT INTO calendar_days(day, kind, name) VALUES (?, ?, ?)"
				      " ON CONFLICT(day) DO UPDATE SET kind = excluded.kind,"
				      " name = excluded.name",
				      ARG_INT(e->date), ARG_TEXT(cal_kind_name(e->kind)),
				      ARG_STR(e->name));
	return stmt_exec(c, st, err);
}

fq_status store_calendar_delete(store_conn *c, cal_date day, fq_err *err)
{
	fq_status res = stmt_exec(
		c, stmt_bound(c, "DELETE FROM calendar_days WHERE day = ?", ARG_INT(day)), err);
	if (res == FQ_OK && sqlite3_changes(c->db) == 0)
		return fq_failr(err, FQ_ENOTFOUND, "day", "calendar.entry_not_found",
				"no calendar entry for that day");
	return res;
}
