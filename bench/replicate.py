#!/usr/bin/env python3
"""replicate.py - grow a demo history database K times for the benchmarks
at 10,000,000 requests (bench/requests.sh, docs/benchmarks.md).

    bench/replicate.py DB K

Playing a year of history through the domain code runs at a few hundred
requests a second, so a 10,000,000-request history would take most of a
day. Instead the 1,000,000-request history `fengqiao demo --requests
1000000` built is copied K - 1 more times onto the same street, as if K
residents had raised each request and it had run the same course:

- requests: a copy k gets id + k * (max id), its number the same day's
  number with k * NUMBER_STRIDE added to the day's sequence (so numbers stay
  unique and the next intake of that day continues after them), and
  merged_into shifted like its id; every other column as it was (the
  same grid, state, deadlines, ratings, times);
- request_events and request_cohandlers: copied for each copy, shifted;
- requests_fts: filled from each copy in one statement, from the view
  requests_fts_source (the insert trigger, which queues each row for the
  server to index, is dropped meanwhile);
- metric_counters: every count multiplied by K, which is exactly what the
  copies' events would have counted (each copy repeats its original's
  events on the same units, days and categories);
- live_events, idempotency keys, Open311 links and audit rows are not
  copied (the last day's outbox is the original's).

The indexes on requests and request_events are dropped while the rows go
in and built again afterwards (faster than growing them row by row).
Writes use synchronous=OFF and no journal: a crash mid-way spoils the
copy, which is a benchmark fixture. Prints what it did and how long it
took.
"""
import sqlite3
import sys
import time

# Added to the day's sequence (6 digits) per copy: a day of a
# 100,000-request year has a few hundred requests, so 99 copies stay under
# 1,000,000.
NUMBER_STRIDE = 10000
K_MAX = 100
COUNT_COLUMNS = ("intake", "dispatched", "accepted", "accepted_on_time", "resolved",
                 "resolved_on_time", "followups", "followups_resolved", "ratings",
                 "ratings_good", "closed", "escalated")


def indexes(db, table):
    return db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                      "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: replicate.py DB K")
    path, k_total = sys.argv[1], int(sys.argv[2])
    if not 2 <= k_total <= K_MAX:
        sys.exit(f"replicate.py: K must be from 2 to {K_MAX}")
    t0 = time.time()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    max_req = db.execute("SELECT max(id) FROM requests").fetchone()[0]
    max_ev = db.execute("SELECT max(id) FROM request_events").fetchone()[0]
    n_req = db.execute("SELECT count(*) FROM requests").fetchone()[0]
    per_day = db.execute("SELECT max(CAST(substr(number, 11) AS INTEGER)) FROM requests") \
        .fetchone()[0]
    if per_day >= NUMBER_STRIDE:
        sys.exit(f"replicate.py: a day has {per_day} requests, more than {NUMBER_STRIDE}")
    dropped = indexes(db, "requests") + indexes(db, "request_events")
    for name, _ in dropped:
        db.execute(f'DROP INDEX "{name}"')
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                         "AND name = 'requests_fts_ai'").fetchone()[0]
    db.execute("DROP TRIGGER requests_fts_ai")
    cols = [r[1] for r in db.execute("PRAGMA table_info(requests)")]
    shifted = {"id": "id + :off", "merged_into": "merged_into + :off",
               "number": "substr(number, 1, 10) || printf('%06d', "
                         "CAST(substr(number, 11) AS INTEGER) + :stride)"}
    select = ", ".join(shifted.get(c, c) for c in cols)
    ev_cols = [r[1] for r in db.execute("PRAGMA table_info(request_events)")]
    ev_shift = {"id": "id + :evoff", "request_id": "request_id + :off"}
    ev_select = ", ".join(ev_shift.get(c, c) for c in ev_cols)
    for k in range(1, k_total):
        t = time.time()
        p = {"off": k * max_req, "evoff": k * max_ev, "stride": k * NUMBER_STRIDE,
             "max": max_req, "maxev": max_ev}
        db.execute("BEGIN")
        db.execute(f"INSERT INTO requests({', '.join(cols)}) SELECT {select} FROM requests "
                   "WHERE id <= :max ORDER BY id", p)
        db.execute(f"INSERT INTO request_events({', '.join(ev_cols)}) SELECT {ev_select} "
                   "FROM request_events WHERE id <= :maxev ORDER BY id", p)
        db.execute("INSERT INTO request_cohandlers(request_id, unit_id, lead) "
                   "SELECT request_id + :off, unit_id, lead FROM request_cohandlers "
                   "WHERE request_id <= :max", p)
        db.execute("INSERT INTO requests_fts(rowid, title, description, address, scope) "
                   "SELECT * FROM requests_fts_source WHERE id > :off AND id <= :off + :max",
                   p)
        db.execute("COMMIT")
        print(f"copy {k}: {time.time() - t:.0f} s", flush=True)
    t = time.time()
    db.execute("BEGIN")
    db.execute("UPDATE metric_counters SET " +
               ", ".join(f"{c} = {c} * {k_total}" for c in COUNT_COLUMNS))
    db.execute("COMMIT")
    for name, sql in dropped:
        db.execute(sql)
    db.execute(trigger)
    print(f"counters and {len(dropped)} indexes: {time.time() - t:.0f} s", flush=True)
    if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0]:
        db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    print(f"{n_req} requests x {k_total} = {n_req * k_total} in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
