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
	sqlite3_stmt *del = stmt_get(c, "DELETE FROM category_limits WHERE category_id = ?");
	if (!del)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the limits delete");
	sqlite3_bind_int64(del, 1, id);
	fq_status st = stmt_exec(c, del, err);
	for (int lv = 0; lv < LADDER_LEVEL_MAX && st == FQ_OK; lv++) {
		sqlite3_stmt *ins = stmt_get(c,
					     "INSERT INTO category_limits(category_id, level,"
					     " accept_amount, accept_unit, resolve_amount, resolve_unit)"
					     " VALUES (?, ?, ?, ?, ?, ?)");
		if (!ins)
			return fq_fail(err, FQ_ESTORE, "", "cannot prepare the limits insert");
		const sla_level_limits *x = &l->level[lv];
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_int(ins, 2, lv + 1);
		sqlite3_bind_int(ins, 3, x->accept.amount);
		bind_text(ins, 4, sla_unit_name(x->accept.unit));
		sqlite3_bind_int(ins, 5, x->resolve.amount);
		bind_text(ins, 6, sla_unit_name(x->resolve.unit));
		st = stmt_exec(c, ins, err);
	}
	return st;
}

/* Fill cat->limits from category_limits; has_limits when all levels are
 * present. */
static fq_status limits_read(store_conn *c, store_category *cat, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c,
				    "SELECT level, accept_amount, accept_unit, resolve_amount,"
				    " resolve_unit FROM category_limits WHERE category_id = ?"
				    " ORDER BY level");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the limits query");
	sqlite3_bind_int64(st, 1, cat->id);
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
	sqlite3_stmt *st = stmt_get(c,
				    "INSERT INTO categories(code, parent_id, name, name_en, icon,"
				    " start_level, priority, active, sort, danger, danger_calls)"
				    " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8,"
				    " CASE WHEN ?9 >= 0 THEN ?9 ELSE (SELECT coalesce(max(sort) + 1, 0)"
				    " FROM categories WHERE coalesce(parent_id, 0) = ?2) END, ?10, ?11)");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the category insert");
	bind_text(st, 1, cat->code);
	sqlite3_bind_int64(st, 2, cat->parent_id);
	bind_text(st, 3, cat->name);
	bind_text(st, 4, cat->name_en ? cat->name_en : "");
	bind_text(st, 5, cat->icon ? cat->icon : "");
	sqlite3_bind_int(st, 6, cat->start_level);
	sqlite3_bind_int(st, 7, cat->priority);
	sqlite3_bind_int(st, 8, cat->active ? 1 : 0);
	sqlite3_bind_int(st, 9, cat->sort);
	sqlite3_bind_int(st, 10, cat->danger ? 1 : 0);
	bind_text(st, 11, cat->danger_calls ? cat->danger_calls : "");
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_ECONFLICT)
		return fq_failr(err, FQ_ECONFLICT, "code", "category.code_taken",
				"a category with code %s exists",
				cat->code);
	if (res != FQ_OK)
		return res;
	int64_t id = store_last_id(c);
	res = limits_write(c, id, &cat->limits, err);
	if (res == FQ_OK && id_out)
		*id_out = id;
	return res;
}

fq_status store_category_update(store_conn *c, const store_category *cat, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c,
				    "UPDATE categories SET name = ?, name_en = ?, icon = ?,"
				    " start_level = ?, priority = ?, active = ?, danger = ?,"
				    " danger_calls = ? WHERE id = ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the category update");
	bind_text(st, 1, cat->name);
	bind_text(st, 2, cat->name_en ? cat->name_en : "");
	bind_text(st, 3, cat->icon ? cat->icon : "");
	sqlite3_bind_int(st, 4, cat->start_level);
	sqlite3_bind_int(st, 5, cat->priority);
	sqlite3_bind_int(st, 6, cat->active ? 1 : 0);
	sqlite3_bind_int(st, 7, cat->danger ? 1 : 0);
	bind_text(st, 8, cat->danger_calls ? cat->danger_calls : "");
	sqlite3_bind_int64(st, 9, cat->id);
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
	sqlite3_stmt *st = id ? stmt_get(c, CATEGORY_COLS "WHERE id = ?")
			      : stmt_get(c, CATEGORY_COLS "WHERE code = ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the category query");
	if (id)
		sqlite3_bind_int64(st, 1, id);
	else
		bind_text(st, 1, code ? code : "");
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
	sqlite3_stmt *st = stmt_get(c, CATEGORY_COLS
				    "ORDER BY coalesce(parent_id, 0), sort, id LIMIT ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the categories query");
	sqlite3_bind_int(st, 1, STORE_CATEGORIES_MAX);
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
	sqlite3_stmt *st = stmt_get(c,
				    "SELECT day, kind, name FROM calendar_days"
				    " WHERE day BETWEEN ? AND ? ORDER BY day LIMIT ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the calendar query");
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_int(st, 3, STORE_CALENDAR_ROWS_MAX);
	return stmt_rows(c, a, st, STORE_CALENDAR_ROWS_MAX, sizeof **out, read_cal_entry,
	                 (void **)out, n, err);
}

fq_status store_calendar_put(store_conn *c, const cal_entry *e, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c,
				    "INSERT INTO calendar_days(day, kind, name) VALUES (?, ?, ?)"
				    " ON CONFLICT(day) DO UPDATE SET kind = excluded.kind,"
				    " name = excluded.name");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the calendar upsert");
	sqlite3_bind_int(st, 1, e->date);
	bind_text(st, 2, cal_kind_name(e->kind));
	bind_text(st, 3, e->name ? e->name : "");
	return stmt_exec(c, st, err);
}

fq_status store_calendar_delete(store_conn *c, cal_date day, fq_err *err)
{
	sqlite3_stmt *st = stmt_get(c, "DELETE FROM calendar_days WHERE day = ?");
	if (!st)
		return fq_fail(err, FQ_ESTORE, "", "cannot prepare the calendar delete");
	sqlite3_bind_int(st, 1, day);
	fq_status res = stmt_exec(c, st, err);
	if (res == FQ_OK && sqlite3_changes(c->db) == 0)
		return fq_failr(err, FQ_ENOTFOUND, "day", "calendar.entry_not_found",
				"no calendar entry for that day");
	return res;
}
