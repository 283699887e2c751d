"""The sweeper against the real binary: `fengqiao sweep --now` at chosen
moments over requests raised and handled over HTTP. An overdue request
climbs one level per sweep with a timeline event by the system; a
reminder before a deadline goes out once; at the top level a missed
deadline is reminded, not escalated, and again only after the repeat
time; a pending extension lapses before the escalation; the follow-up
window closes the request; an overdue card is reminded; the counters
move; and `fengqiao serve` sweeps by itself and stops cleanly."""
import json
import time
import unittest

import fq
from reqhelp import Street, day_of, iso, unix

MIN = 60
HOUR = 3600
DAY = 86400
GRID = "430181001001001"  # grid 1 of the demo street, community 1
LIGHT = "traffic.street_light"  # starts at level 2; accept 2 h there


class SweeperTest(unittest.TestCase):
    def setUp(self):
        self.s = Street()

    def tearDown(self):
        self.s.close()

    def new(self, category=LIGHT):
        r = self.s.create(category, self.s.building(GRID))
        return r["id"], unix(r["accept_due"])

    def new_events(self, rid, since):
        return [e for e in self.s.events(rid) if e[0] > since]

    def last_event_id(self, rid):
        return self.s.events(rid)[-1][0]

    def stats_day(self, ts, unit=0):
        st, b = self.s.get("admin", "/api/v1/stats?unit=%d&from=%s&to=%s"
                           % (unit, day_of(ts), day_of(ts)))
        self.assertEqual(st, 200, b)
        return b["counts"]

    def test_overdue_accept_escalates_one_level(self):
        rid, due = self.new()
        mark = self.last_event_id(rid)
        # the due second itself is still in time: a reminder, no escalation
        self.s.sweep(due)
        self.assertEqual([e[3] for e in self.new_events(rid, mark)], ["reminded"])
        mark = self.last_event_id(rid)
        rep = self.s.sweep(due + MIN)
        self.assertEqual(rep["escalated"], 1)
        ev = self.new_events(rid, mark)
        self.assertEqual(len(ev), 1)
        _, at, actor, event, old, new, old_level, new_level, note = ev[0]
        self.assertEqual((event, old, new, old_level, new_level, note),
                         ("escalated", "dispatched", "dispatched", 2, 3, "签收超时"))
        self.assertIsNone(actor)  # the system
        self.assertEqual(at, due + MIN)
        state, level, late, new_due = self.s.row(rid, "state, level, accepted_late, accept_due")
        self.assertEqual((state, level, late), ("dispatched", 3, 1))
        self.assertGreater(new_due, due + MIN)
        # the new deadline runs from the sweep: a second sweep then leaves it
        rep = self.s.sweep(due + MIN)
        self.assertEqual(rep["escalated"], 0)
        self.assertEqual(self.s.row(rid, "level")[0], 3)
        # the counters moved on the sweep's day: a new accept clock, an escalation
        c = self.stats_day(due + MIN)
        self.assertEqual(c["escalated"], 1)
        self.assertGreaterEqual(c["dispatched"], 1)
        # the timeline over HTTP shows it too
        st, v = self.s.get("dispatcher", "/api/v1/requests/%d" % rid)
        self.assertEqual(st, 200)
        self.assertEqual(v["timeline"][-1]["event"], "escalated")
        self.assertIsNone(v["timeline"][-1]["actor"])

    def test_reminder_before_deadline_once(self):
        rid, due = self.new()  # 2 hours: a 30-minute window
        mark = self.last_event_id(rid)
        self.s.sweep(due - 40 * MIN)
        self.assertEqual(self.new_events(rid, mark), [])
        rep = self.s.sweep(due - 20 * MIN)
        self.assertEqual(rep["reminded"], 1)
        ev = self.new_events(rid, mark)
        self.assertEqual([(e[3], e[8], e[2]) for e in ev], [("reminded", "签收即将超时", None)])
        self.assertEqual(self.s.row(rid, "reminded_at")[0], due - 20 * MIN)
        for t in (due - 20 * MIN, due - 10 * MIN, due):
            self.assertEqual(self.s.sweep(t)["reminded"], 0)
        self.assertEqual(len(self.new_events(rid, mark)), 1)

    def test_top_level_reminds_instead_of_escalating(self):
        rid, _ = self.new()
        for level in (3, 4):  # climb one level per sweep
            self.s.sweep(self.s.row(rid, "accept_due")[0] + MIN)
            self.assertEqual(self.s.row(rid, "level")[0], level)
        due = self.s.row(rid, "accept_due")[0]
        mark = self.last_event_id(rid)
        rep = self.s.sweep(due + MIN)
        self.assertEqual(rep["escalated"], 0)
        ev = self.new_events(rid, mark)
        self.assertEqual([(e[3], e[8]) for e in ev], [("reminded", "签收已超时")])
        self.assertEqual(self.s.row(rid, "level, accepted_late"), (4, 1))
        self.s.sweep(due + HOUR)  # within the repeat time: nothing
        self.assertEqual(len(self.new_events(rid, mark)), 1)
        self.s.sweep(due + MIN + DAY)  # a day later: again
        self.assertEqual([e[3] for e in self.new_events(rid, mark)], ["reminded", "reminded"])

    def test_resolve_overdue_lapses_extension_then_escalates(self):
        rid, _ = self.new()
        holder = self.s.holder(rid)
        self.s.act(holder, rid, "accept")
        self.s.act(holder, rid, "extend",
                   {"reason": "等配件", "limit": {"amount": 1, "unit": "workdays"}})
        self.assertEqual(self.s.row(rid, "ext_state")[0], "pending")
        due = self.s.row(rid, "resolve_due")[0]
        mark = self.last_event_id(rid)
        rep = self.s.sweep(due + MIN)
        self.assertEqual((rep["extensions_lapsed"], rep["escalated"]), (1, 1))
        ev = self.new_events(rid, mark)
        self.assertEqual([(e[3], e[5], e[7]) for e in ev],
                         [("extension_lapsed", "accepted", 2), ("escalated", "dispatched", 3)])
        self.assertEqual(ev[1][8], "办结超时")
        self.assertEqual(self.s.row(rid, "ext_state, state")[0:2], ("lapsed", "dispatched"))

    def test_auto_close_after_followup_window(self):
        rid, _ = self.new()
        holder = self.s.holder(rid)
        self.s.act(holder, rid, "accept")
        self.s.act(holder, rid, "resolve", {"result": "已更换灯泡"})
        due = self.s.row(rid, "followup_due")[0]
        self.assertTrue(due)
        before = self.stats_day(due + MIN)["closed"]
        mark = self.last_event_id(rid)
        self.assertEqual(self.s.sweep(due)["auto_closed"], 0)
        rep = self.s.sweep(due + MIN)
        self.assertEqual(rep["auto_closed"], 1)
        ev = self.new_events(rid, mark)
        self.assertEqual([(e[3], e[4], e[5], e[2]) for e in ev],
                         [("auto_closed", "resolved", "closed", None)])
        self.assertEqual(self.s.row(rid, "state")[0], "closed")
        self.assertEqual(self.stats_day(due + MIN)["closed"], before + 1)
        # the grid's counters moved too
        grid = self.s.one("SELECT id FROM units WHERE code = ?", (GRID,))[0]
        self.assertEqual(self.stats_day(due + MIN, grid)["closed"], 1)

    def test_overdue_card_reminded_once(self):
        rid, _ = self.new()
        self.s.act(self.s.holder(rid), rid, "accept")
        card_due = int(time.time()) + HOUR
        self.s.act("supervisor", rid, "supervise",
                   {"card": "yellow", "due": iso(card_due), "note": "尽快处理"})
        mark = self.last_event_id(rid)
        rep = self.s.sweep(card_due + MIN)
        self.assertEqual(rep["reminded"], 1)
        self.assertEqual([(e[3], e[8]) for e in self.new_events(rid, mark)],
                         [("reminded", "督办已到期")])
        self.s.sweep(card_due + 2 * MIN)
        self.assertEqual(len(self.new_events(rid, mark)), 1)

    def test_command_line(self):
        p = fq.run("sweep", "--db", self.s.db, "--now", "yesterday", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--now", p.stderr)
        rep = self.s.sweep(int(time.time()))
        for k in ("now", "escalated", "reminded", "extensions_lapsed", "auto_closed", "failed",
                  "transactions", "ms"):
            self.assertIn(k, rep)
        self.assertEqual(rep["failed"], 0)

    def test_several_moments_in_one_process(self):
        rid, _ = self.new()
        due = self.s.row(rid, "accept_due")[0]
        moments = ",".join(iso(t) for t in (due - HOUR, due + MIN, due + 2 * MIN))
        p = fq.run("sweep", "--db", self.s.db, "--now", moments)
        reps = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual(len(reps), 3)
        self.assertEqual([r["now"] for r in reps], moments.split(","))
        # escalated at the second moment only: the first is before the
        # deadline, the third finds the new level's deadline ahead
        self.assertEqual([r["escalated"] for r in reps], [0, 1, 0])
        for bad in (moments + ",", ",".join([iso(due)] * 17), iso(due) + ",tomorrow"):
            p = fq.run("sweep", "--db", self.s.db, "--now", bad, check=False)
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn("--now", p.stderr)


class ServeSweepsTest(unittest.TestCase):
    def test_serve_sweeps_and_stops_cleanly(self):
        s = Street(extra=("--sweep-interval-s", "1"))
        try:
            r = s.create(LIGHT, s.building(GRID))
            rid = r["id"]
            s.sql("UPDATE requests SET accept_due = ? WHERE id = ?", (int(time.time()) - MIN, rid))
            deadline = time.time() + fq.WAIT_S
            while time.time() < deadline and s.row(rid, "level")[0] == 2:
                time.sleep(0.2)
            self.assertEqual(s.row(rid, "level")[0], 3)
            self.assertEqual(s.events(rid)[-1][3], "escalated")
        finally:
            self.assertEqual(s.close(), 0)


if __name__ == "__main__":
    fq.main()
