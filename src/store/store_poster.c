/*
 * store_poster.c - the one read behind a building's QR poster; see
 * store_poster.h. The grid worker is found as the ladder finds the grid's
 * default handler (store_req_ladder): an enabled account with the
 * grid_worker role bound to the grid, the lowest id among several.
 */
#include "store/store_poster.h"

#include "store/sqlite_int.h"

static const char SQL_POSTER_BUILDING[] =
	"SELECT b.id, b.name, coalesce(b.address, ''), b.path, coalesce(g.id, 0),"
	"  coalesce(g.name, ''), coalesce(cm.name, ''),"
	"  coalesce((SELECT CASE WHEN ac.display_name <> '' THEN ac.display_name"
	"                        ELSE ac.username END"
	"    FROM account_roles ar JOIN accounts ac ON ac.id = ar.account_id"
	"    WHERE ar.role = 'grid_worker' AND ar.unit_id = g.id AND ac.disabled = 0"
	"    ORDER BY ac.id LIMIT 1), '')"
	" FROM units b"
	" LEFT JOIN units g ON g.id = b.parent_id AND g.kind = 'grid'"
	" LEFT JOIN units cm ON cm.id = g.parent_id"
	" WHERE b.id = ?1 AND b.kind = 'building'";

ROW_READER(read_building, store_poster_building,
	COL(I64, id), COL(OPT, name), COL(OPT, address), COL(OPT, path), COL(I64, grid_id),
	COL(OPT, grid_name), COL(OPT, community_name), COL(OPT, worker_name))

fq_status store_poster_building_get(store_conn *c, fq_arena *a, int64_t id,
				    store_poster_building *out, fq_err *err)
{
	sqlite3_stmt *st = stmt_bound(c, SQL_POSTER_BUILDING, ARG_I64(id));
	return stmt_one(c, a, st, read_building, out, "id", "building", err);
}
