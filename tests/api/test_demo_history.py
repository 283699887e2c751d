"""`fengqiao demo --requests N`: a year of request history played through the
real requests service and sweeper. Builds a small street with a few hundred
requests twice with the same options and seed (the ASan build is slow, so
the history is small), then checks the rows, the timeline, the counters,
the outbox, the search index and the accounts it made, the rates
/api/v1/stats reports, and that the two builds wrote the same rows (the
demo is deterministic, as docs/demo-history.md promises)."""
import datetime
import os
import re
import shutil
import sqlite3
import tempfile
import unittest
import urllib.parse

import fq

PASSWORD = "fengqiao-demo"
HOUSEHOLDS = "300"
REQUESTS = 400
TZ = datetime.timezone(datetime.timedelta(hours=8))
# The default end of the history (DHIST_UNTIL_DEFAULT): 2026-11-02 00:00 +08:00.
END = int(datetime.datetime(2026, 11, 2, tzinfo=TZ).timestamp())
START = END - 365 * 86400
OPEN = ("submitted", "dispatched", "accepted", "resolved", "returned")


def query(db, sql, args=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def build(path):
    return fq.run("demo", "--db", path, "--households", HOUSEHOLDS, "--requests",
                  str(REQUESTS), "--seed", "3").stdout


class HistoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-history-")
        cls.db = os.path.join(cls.dir, "a.db")
        cls.db2 = os.path.join(cls.dir, "b.db")
        cls.out = build(cls.db)
        build(cls.db2)
        # before any server runs: serving purges the outbox by the wall clock
        live = "SELECT * FROM live_events ORDER BY id"
        cls.live, cls.live2 = query(cls.db, live), query(cls.db2, live)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def count(self, sql, args=()):
        return query(self.db, sql, args)[0][0]

    def test_requests_and_their_course(self):
        self.assertIn(f"{REQUESTS} requests (0 refused)", self.out)
        self.assertEqual(self.count("SELECT count(*) FROM requests"), REQUESTS)
        lo, hi = query(self.db, "SELECT min(created_at), max(created_at) FROM requests")[0]
        self.assertGreaterEqual(lo, START)
        self.assertLess(hi, END)
        states = dict(query(self.db, "SELECT state, count(*) FROM requests GROUP BY state"))
        self.assertGreater(states["closed"], REQUESTS * 0.85)
        self.assertGreater(sum(states.get(s, 0) for s in OPEN), 0)  # the last days are open
        channels = dict(query(self.db, "SELECT channel, count(*) FROM requests GROUP BY 1"))
        self.assertEqual(set(channels), {"self", "proxy", "hotline", "visit", "inspection"})
        self.assertGreater(channels["self"], channels["proxy"])
        events = dict(query(self.db, "SELECT event, count(*) FROM request_events GROUP BY 1"))
        for e in ("submitted", "dispatched", "accepted", "resolved", "rated", "rated_redo",
                  "auto_closed", "escalated", "reminded", "supervised", "extension_requested",
                  "extension_approved", "returned", "reassigned"):
            self.assertGreater(events.get(e, 0), 0, e)
        self.assertEqual(events["submitted"], REQUESTS)
        escalated = self.count("SELECT count(DISTINCT request_id) FROM request_events "
                               "WHERE event = 'escalated'")
        self.assertTrue(0.04 * REQUESTS < escalated < 0.2 * REQUESTS, escalated)
        cards = {c for (c,) in query(self.db, "SELECT DISTINCT card FROM requests")}
        self.assertTrue({"none", "normal"} <= cards, cards)

    def test_timelines_hold_together(self):
        rows = query(self.db, "SELECT e.request_id, e.at, e.old_state, e.new_state, r.state "
                              "FROM request_events e JOIN requests r ON r.id = e.request_id "
                              "ORDER BY e.request_id, e.id")
        last = {}
        for rid, at, old, new, state in rows:
            if rid in last:
                prev_at, prev_new, _ = last[rid]
                self.assertGreaterEqual(at, prev_at, rid)
                self.assertEqual(old, prev_new, rid)
            self.assertLess(at, END + 1)
            last[rid] = (at, new, state)
        for rid, (_, new, state) in last.items():
            self.assertEqual(new, state, rid)
        # the system (the sweeper) escalates on missed deadlines, with its reason
        self.assertGreater(self.count("SELECT count(*) FROM request_events WHERE "
                                      "actor_account_id IS NULL AND event = 'escalated' "
                                      "AND note = '签收超时'"), 0)

    def test_counters_come_from_the_events(self):
        def total(col):
            return self.count(f"SELECT sum({col}) FROM metric_counters WHERE unit_id = 0 "
                              "AND dim = ''")
        self.assertEqual(total("intake"), REQUESTS)
        self.assertEqual(total("escalated"), self.count(
            "SELECT count(*) FROM request_events WHERE event = 'escalated'"))
        self.assertEqual(total("ratings"), self.count(
            "SELECT count(*) FROM request_events WHERE event LIKE 'rated%'"))
        self.assertEqual(total("closed"), self.count(
            "SELECT count(*) FROM request_events WHERE new_state = 'closed' AND "
            "old_state != 'closed'"))
        # per channel the intake adds up to the same
        self.assertEqual(self.count("SELECT sum(intake) FROM metric_counters WHERE "
                                    "unit_id = 0 AND dim LIKE 'ch:%'"), REQUESTS)

    def test_outbox_keeps_the_last_day(self):
        self.assertTrue(self.live)
        self.assertGreaterEqual(min(row[1] for row in self.live), END - 86400)
        self.assertLess(max(row[1] for row in self.live), END + 1)
        # rows were written for every event, then purged: the ids went far past
        self.assertGreater(max(row[0] for row in self.live), REQUESTS * 2)
        self.assertEqual(self.live, self.live2)

    def test_accounts_it_made_can_log_in(self):
        self.assertEqual(query(self.db, "SELECT r.role FROM accounts a JOIN account_roles r "
                                        "ON r.account_id = a.id WHERE a.username = "
                                        "'leader2'"), [("leader",)])
        srv = fq.Server(db=self.db, extra=("--sweep-interval-s", "0"))
        try:
            st, body = srv.json("POST", "/api/v1/session",
                                {"username": "resident2", "password": PASSWORD})
            self.assertIn(st, (200, 201), body)
            auth = {"Authorization": "Bearer " + body["token"]}
            st, body = srv.json("GET", "/api/v1/requests", headers=auth)
            self.assertEqual(st, 200, body)
            self.assertGreaterEqual(len(body["items"]), 1)
        finally:
            srv.stop()

    def test_stats_and_search_over_the_history(self):
        srv = fq.Server(db=self.db, extra=("--sweep-interval-s", "0"))
        try:
            st, body = srv.json("POST", "/api/v1/session",
                                {"username": "admin", "password": PASSWORD})
            self.assertIn(st, (200, 201), body)
            auth = {"Authorization": "Bearer " + body["token"]}
            st, stats = srv.json("GET", "/api/v1/stats?from=2025-11-02&to=2026-11-01",
                                 headers=auth)
            self.assertEqual(st, 200, stats)
            self.assertEqual(stats["counts"]["intake"], REQUESTS)
            rates = stats["rates"]
            self.assertTrue(80 <= rates["response"] <= 97, rates)
            self.assertTrue(85 <= rates["resolution"] <= 98, rates)
            self.assertTrue(75 <= rates["satisfaction"] <= 95, rates)
            # a phrase of a stored description is found by the trigram index
            text = query(self.db, "SELECT description FROM requests ORDER BY id LIMIT 1")[0][0]
            phrase = re.sub(r"[^\u4e00-\u9fff]", "", text)[2:6]
            self.assertEqual(len(phrase), 4)
            st, found = srv.json("GET", "/api/v1/requests?q=" + urllib.parse.quote(phrase),
                                 headers=auth)
            self.assertEqual(st, 200, found)
            self.assertGreaterEqual(len(found["items"]), 1)
        finally:
            srv.stop()

    def test_same_seed_same_history(self):
        self.assertGreater(self.count("SELECT count(*) FROM request_events"), REQUESTS * 3)
        for sql in ("SELECT * FROM requests ORDER BY id",
                    "SELECT * FROM request_events ORDER BY id",
                    "SELECT * FROM metric_counters ORDER BY unit_id, dim, day",
                    "SELECT * FROM request_cohandlers ORDER BY request_id, unit_id",
                    "SELECT id, username, person_id FROM accounts ORDER BY id"):
            self.assertEqual(query(self.db, sql), query(self.db2, sql), sql)


if __name__ == "__main__":
    fq.main()
