"""The demo that lives in today (issue 19 item 7, docs/demo-history.md).
`fengqiao demo --until now` plays the history on through today until the
moment it is built, and nothing after it. With the demo_live setting a
running server plays new requests and moves through the real services:
with a step a second, new requests raised by residents and actions by
their handlers appear over loopback within seconds; without the setting
nothing happens; the server still stops cleanly."""
import datetime
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unittest

import fq
from test_demo_history import query

TZ = datetime.timezone(datetime.timedelta(hours=8))
WAIT_S = 30          # the living demo has this long to show a new request
QUIET_S = 3          # a server without it is watched this long


def newest(db):
    return query(db, "SELECT coalesce(max(id), 0) FROM requests")[0][0]


class LiveDemoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-live-")
        cls.db = os.path.join(cls.dir, "live.db")
        cls.out = fq.run("demo", "--db", cls.db, "--households", "300", "--requests", "400",
                         "--seed", "3", "--until", "now").stdout
        cls.built = int(time.time())
        # before any server runs (the living demo adds to it)
        cls.late = [query(cls.db, "SELECT count(*) FROM %s WHERE %s > ?" % t, (cls.built,))[0][0]
                    for t in (("requests", "created_at"), ("request_events", "at"))]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_until_now_plays_today_and_nothing_after(self):
        today = datetime.datetime.now(TZ).date().isoformat()
        m = re.search(r"history (\S+) \.\. (\S+):", self.out)
        self.assertIsNotNone(m, self.out)
        self.assertEqual(m.group(2), today, "the history's last day is today")
        self.assertEqual(self.late, [0, 0], "nothing is raised or moved after the moment of building")

    def test_off_unless_set(self):
        before = newest(self.db)
        srv = fq.Server(db=self.db)
        try:
            time.sleep(QUIET_S)
        finally:
            self.assertEqual(srv.stop(), 0)
        self.assertEqual(newest(self.db), before, "no request appears without demo_live")

    def test_never_on_a_database_the_demo_did_not_build(self):
        other = os.path.join(self.dir, "other.db")
        shutil.copy(self.db, other)
        con = sqlite3.connect(other)
        with con:
            con.execute("DELETE FROM demo_streets")
        con.close()
        before = newest(other)
        srv = fq.Server(db=other, extra=["--demo-live", "1"])
        try:
            time.sleep(QUIET_S)
            self.assertIn("demo_live plays only on a database that `fengqiao demo` built",
                          srv.output())
        finally:
            self.assertEqual(srv.stop(), 0, "the server serves it, without the demo")
        self.assertEqual(newest(other), before, "no request is raised in residents' names")

    def test_live_requests_and_moves_appear_within_seconds(self):
        before = newest(self.db)
        started = int(time.time())
        srv = fq.Server(db=self.db, extra=["--demo-live", "1"])
        try:
            st, body = srv.json("POST", "/api/v1/session",
                                {"username": "dispatcher", "password": "fengqiao-demo"})
            self.assertEqual(st, 201, body)
            auth = {"Authorization": "Bearer " + body["token"]}
            fresh, moves = [], []
            deadline = time.time() + WAIT_S
            while time.time() < deadline and not (fresh and moves):
                time.sleep(0.5)
                st, page = srv.json("GET", "/api/v1/requests?limit=20", headers=auth)
                self.assertEqual(st, 200, page)
                fresh = [r for r in page["items"] if r["id"] > before]
                moves = query(self.db, "SELECT event FROM request_events WHERE at >= ? AND "
                              "actor_account_id IS NOT NULL AND event IN "
                              "('accepted', 'resolved', 'rated')", (started,))
            self.assertTrue(fresh, "a new request appears over loopback")
            self.assertTrue(moves, "and a handler or a reporter acts")
            st, one = srv.json("GET", "/api/v1/requests/%d" % fresh[0]["id"], headers=auth)
            self.assertEqual(st, 200, one)
            self.assertEqual(one["channel"], "self", "raised by a resident, as the services do")
            created = query(self.db, "SELECT created_at FROM requests WHERE id = ?", (one["id"],))
            self.assertGreaterEqual(created[0][0], started - 1, "raised now")
        finally:
            self.assertEqual(srv.stop(), 0, "the server stops cleanly with the demo living")


if __name__ == "__main__":
    fq.main()
