"""GET /api/v1/stats and /api/v1/stats/overview against a brute force.

Random histories are driven over real HTTP: requests raised on the hotline
or by grid workers' inspections and visits in grids of two communities and
a village, then random actions among the ones the server offers each
actor (the holder, the grid worker, the community officer, the dispatcher,
the supervisor), with deadlines pushed into the past just before some
accepts and resolves so that both on-time and late ones occur; then two
`fengqiao sweep --now` runs days ahead add escalations and closures on
later days. Every metric is then recomputed from the request_events table
(read with sqlite3) by the definitions of DESIGN.md section 3 and
docs/metrics.md, and compared with the API for several units, periods,
groupings and filters. Scope and argument errors are checked too."""
import collections
import datetime
import json
import random
import time
import unittest

import fq
from reqhelp import Street, day_of, TZ

SEED = 20261123
REQUESTS = 32
STEPS = 10
DAY = 86400
COUNTERS = ["intake", "dispatched", "accepted", "accepted_on_time", "resolved",
            "resolved_on_time", "followups", "followups_resolved", "ratings", "ratings_good",
            "closed", "escalated"]
CHANNELS = ["self", "proxy", "hotline", "visit", "inspection", "open311"]

# relative weights of the actions a random walk picks
WEIGHT = {"accept": 6, "resolve": 6, "rate": 6, "escalate": 1, "return": 1, "reassign": 2,
          "extend": 1, "approve_extension": 2, "refuse_extension": 1, "supervise": 1,
          "remind": 1, "reject": 1, "redo": 1}


def rates_of(c, w=(30, 35, 35)):
    """The rates of counters c by the definitions (percent; None: no data)."""
    def rate(n, d):
        return 100.0 * c[n] / c[d] if c[d] else None
    r = {"response": rate("accepted_on_time", "dispatched"),
         "resolution": rate("followups_resolved", "followups"),
         "satisfaction": rate("ratings_good", "ratings"),
         "on_time": rate("resolved_on_time", "resolved")}
    parts = [(r["response"], w[0]), (r["resolution"], w[1]), (r["satisfaction"], w[2])]
    ws = sum(wt for v, wt in parts if v is not None)
    r["composite"] = (sum(v * wt for v, wt in parts if v is not None) / ws) if ws else None
    return r


def day_key(ts):
    return datetime.datetime.fromtimestamp(ts, TZ).strftime("%Y%m%d")


class History:
    """Drives random histories over HTTP and keeps what the brute force
    needs besides the timeline: the deadline in force at each accept and
    resolve."""

    def __init__(self, s, rnd):
        self.s, self.rnd = s, rnd
        self.due_at_event = {}
        self.units = {}

    def place(self):
        """Grids of community 1 (two), community 2 and the first village,
        with their grid workers and community officers."""
        rows = self.s.sql(
            "SELECT g.id, g.code, c.id, c.kind, a.username FROM units g"
            " JOIN units c ON c.id = g.parent_id"
            " JOIN account_roles r ON r.unit_id = g.id AND r.role = 'grid_worker'"
            " JOIN accounts a ON a.id = r.account_id WHERE g.kind = 'grid' ORDER BY g.id")
        by_c = collections.OrderedDict()
        for gid, code, cid, kind, user in rows:
            by_c.setdefault((cid, kind), []).append((gid, code, user))
        comms = [k for k in by_c if k[1] == "community"][:2]
        village = [k for k in by_c if k[1] == "village"][:1]
        grids = by_c[comms[0]][:2] + by_c[comms[1]][:1] + by_c[village[0]][:1]
        officer = {}
        for cid, _ in comms + village:
            officer[cid] = self.s.one(
                "SELECT a.username FROM accounts a JOIN account_roles r ON r.account_id = a.id"
                " WHERE r.role = 'community_officer' AND r.unit_id = ?", (cid,))[0]
        self.grids = grids
        self.officer = officer
        self.community_of = {g[0]: self.s.one("SELECT parent_id FROM units WHERE id = ?",
                                              (g[0],))[0] for g in grids}
        self.categories = [r[0] for r in self.s.sql(
            "SELECT code FROM categories WHERE parent_id IS NOT NULL ORDER BY id")]

    def create(self):
        gid, code, worker = self.rnd.choice(self.grids)
        building = self.s.building(code)
        cat = self.rnd.choice(self.categories)
        how = self.rnd.choice(["hotline", "inspection", "visit"])
        body = {"title": "诉求 %d" % self.rnd.randrange(10000), "category": cat,
                "channel": how, "building_id": building}
        user = worker
        if how == "hotline":
            user = "dispatcher"
            body.update(caller_name="李四", caller_phone="13900139000")
        st, b = self.s.post(user, "/api/v1/requests", body)
        assert st == 201, (st, b)
        self.units[b["id"]] = gid
        return b["id"]

    def actors(self, rid):
        gid = self.units[rid]
        worker = [g[2] for g in self.grids if g[0] == gid][0]
        names = ["dispatcher", "supervisor", worker, self.officer[self.community_of[gid]]]
        holder = self.s.row(rid, "assignee_account_id")[0]
        if holder:
            names.append(self.s.username(holder))
        return sorted(set(names))

    def offered(self, rid):
        pairs = []
        for user in self.actors(rid):
            st, v = self.s.get(user, "/api/v1/requests/%d" % rid)
            if st != 200:
                continue
            pairs += [(user, a, v) for a in v["actions"] if a in WEIGHT]
        return pairs

    def fields(self, action, v):
        r = self.rnd
        if action == "return":
            code = r.choice(["wrong_area", "unclear_ownership", "overlapping_remit", "other"])
            return {"reason_code": code, "note": "不归我管"}
        if action in ("escalate", "reject", "redo"):
            return {"reason": "需要上级处理"}
        if action == "resolve":
            return {"result": "已处理"}
        if action == "rate":
            return {"resolved": r.random() < 0.7, "satisfaction": r.randint(1, 5),
                    "comment": "回访"}
        if action == "extend":
            return {"reason": "等待材料", "limit": {"amount": 1, "unit": "workdays"}}
        if action == "supervise":
            cards = ["normal", "yellow", "red"]
            low = cards.index(v["card"]) if v["card"] in cards else 0
            due = datetime.datetime.now(TZ) + datetime.timedelta(days=r.randint(1, 5))
            return {"card": r.choice(cards[low:]), "due": due.isoformat(timespec="seconds")}
        if action == "reassign":
            return {"level": r.randint(1, 4)} if r.random() < 0.5 else {}
        if action == "remind":
            return {"note": "请尽快处理"}
        return {}

    def late_maybe(self, rid, action):
        """Push the deadline into the past before some accepts and resolves,
        and return the deadline in force for the action."""
        col = {"accept": "accept_due", "resolve": "resolve_due"}.get(action)
        if not col:
            return None
        if self.rnd.random() < 0.35:
            self.s.sql("UPDATE requests SET %s = ? WHERE id = ?" % col,
                       (int(time.time()) - 120, rid))
        return self.s.row(rid, col)[0]

    def step(self, rid):
        pairs = self.offered(rid)
        if not pairs:
            return False
        user, action, v = self.rnd.choices(pairs, [WEIGHT[p[1]] for p in pairs])[0]
        due = self.late_maybe(rid, action)
        st, b = self.s.post(user, "/api/v1/requests/%d/%s" % (rid, action),
                            self.fields(action, v))
        # a reminder within remind_span_min of the last is refused (429), like a 409
        assert st in (200, 409, 422) or (action, st) == ("remind", 429), (user, action, st, b)
        if st == 200 and due is not None:
            eid, event = self.s.one("SELECT id, event FROM request_events WHERE request_id = ?"
                                    " ORDER BY id DESC LIMIT 1", (rid,))
            assert event == {"accept": "accepted", "resolve": "resolved"}[action], event
            self.due_at_event[eid] = due or 0
        return True

    def run(self, n, steps):
        self.place()
        for _ in range(n):
            rid = self.create()
            for _ in range(self.rnd.randint(0, steps)):
                if not self.step(rid):
                    break


class Brute:
    """Every counter recomputed from request_events by the definitions."""

    def __init__(self, s, due_at_event):
        self.c = collections.defaultdict(collections.Counter)
        rows = s.sql("SELECT e.id, e.at, e.event, e.old_state, e.new_state, e.old_level,"
                     " e.new_level, e.detail, r.unit_path, r.category_id, r.channel"
                     " FROM request_events e JOIN requests r ON r.id = e.request_id")
        for eid, at, event, old, new, olv, nlv, detail, path, cat, ch in rows:
            d = self.delta(eid, at, event, old, new, olv, nlv, detail, due_at_event)
            if not d:
                continue
            units = [int(x) for x in path.strip("/").split("/")] + [0]
            for u in units:
                for dim in ("", "c:%d" % cat, "ch:%s" % ch):
                    self.c[(u, dim, day_key(at))].update(d)
        self.events = len(rows)

    @staticmethod
    def delta(eid, at, event, old, new, olv, nlv, detail, dues):
        d = collections.Counter()
        if event == "submitted":
            d["intake"] += 1
        if new == "dispatched" and (old != "dispatched" or olv != nlv):
            d["dispatched"] += 1
        if event in ("accepted", "resolved"):
            assert eid in dues, "no deadline recorded for event %d" % eid
            d[event] += 1
            if dues[eid] and at <= dues[eid]:
                d[event + "_on_time"] += 1
        if event in ("rated", "rated_redo", "rated_final"):
            det = json.loads(detail or "{}")
            d["followups"] += 1
            d["followups_resolved"] += det.get("resolved") == 1
            d["ratings"] += det.get("satisfaction", 0) >= 1
            d["ratings_good"] += det.get("satisfaction", 0) >= 4
        if new == "closed" and old != "closed":
            d["closed"] += 1
        if event == "escalated":
            d["escalated"] += 1
        return d

    def sum(self, unit, dim, days):
        t = collections.Counter()
        for day in days:
            t.update(self.c.get((unit, dim, day), {}))
        return {k: t[k] for k in COUNTERS}

    def dims(self, unit, prefix, days):
        keys = {k[1] for k in self.c if k[0] == unit and k[1].startswith(prefix)
                and k[2] in days}
        return {k[len(prefix):]: self.sum(unit, k, days) for k in keys}


def days_between(a, b):
    out, d = [], a
    while d <= b:
        out.append(d.strftime("%Y%m%d"))
        d += datetime.timedelta(days=1)
    return out


class StatsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Street()
        rnd = random.Random(SEED)
        cls.h = History(cls.s, rnd)
        cls.h.run(REQUESTS, STEPS)
        cls.now = int(time.time())
        cls.s.sweep(cls.now + 2 * DAY)
        cls.s.sweep(cls.now + 9 * DAY)
        cls.brute = Brute(cls.s, cls.h.due_at_event)
        cls.today = datetime.datetime.fromtimestamp(cls.now, TZ).date()
        cls.street = cls.s.one("SELECT id FROM units WHERE kind = 'street'")[0]

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def stats(self, user, query, want=200):
        st, b = self.s.get(user, "/api/v1/stats?" + query)
        self.assertEqual(st, want, b)
        return b

    def check_rates(self, got, counts, w=(30, 35, 35)):
        want = rates_of(counts, w)
        for k, v in want.items():
            if v is None:
                self.assertIsNone(got[k], k)
            else:
                self.assertIsNotNone(got[k], k)
                self.assertAlmostEqual(got[k], v, delta=0.006, msg=k)

    def check_entry(self, got, counts, w=(30, 35, 35)):
        self.assertEqual(got["counts"], counts)
        self.check_rates(got["rates"], counts, w)

    def span(self, first=0, last=12):
        a = self.today + datetime.timedelta(days=first)
        b = self.today + datetime.timedelta(days=last)
        return a, b, "from=%s&to=%s" % (a.isoformat(), b.isoformat())

    def test_history_is_rich(self):
        """The random walk reached the cases the metrics distinguish."""
        total = self.brute.sum(0, "", days_between(*self.span()[:2]))
        for k in ("accepted", "accepted_on_time", "resolved", "followups", "ratings",
                  "closed", "escalated"):
            self.assertGreater(total[k], 0, k)
        self.assertLess(total["accepted_on_time"], total["accepted"])
        self.assertLess(total["resolved_on_time"], total["resolved"])
        self.assertLess(total["ratings_good"], total["ratings"])

    def test_totals_by_unit(self):
        a, b, q = self.span()
        days = days_between(a, b)
        units = [0, self.street] + sorted(set(self.h.community_of.values())) + \
                [g[0] for g in self.h.grids]
        for unit in units:
            got = self.stats("admin", "unit=%d&%s" % (unit, q))
            self.check_entry(got, self.brute.sum(unit, "", days))
            self.assertEqual(got["series"], [])

    def test_by_day_week_month(self):
        a, b, q = self.span(-3, 12)
        for unit in (0, self.h.grids[0][0]):
            got = self.stats("admin", "unit=%d&%s&by=day" % (unit, q))
            days = days_between(a, b)
            self.assertEqual([e["key"] for e in got["series"]],
                             ["%s-%s-%s" % (d[:4], d[4:6], d[6:]) for d in days])
            for e, d in zip(got["series"], days):
                self.check_entry(e, self.brute.sum(unit, "", [d]))
            for by in ("week", "month"):
                got = self.stats("admin", "unit=%d&%s&by=%s" % (unit, q, by))
                groups = collections.OrderedDict()
                for d in days:
                    dt = datetime.date(int(d[:4]), int(d[4:6]), int(d[6:]))
                    key = (dt - datetime.timedelta(days=dt.weekday())).isoformat() \
                        if by == "week" else dt.strftime("%Y-%m")
                    groups.setdefault(key, []).append(d)
                self.assertEqual([e["key"] for e in got["series"]], list(groups))
                for e in got["series"]:
                    self.check_entry(e, self.brute.sum(unit, "", groups[e["key"]]))
                self.check_entry(got, self.brute.sum(unit, "", days))

    def test_by_category_and_channel(self):
        a, b, q = self.span()
        days = days_between(a, b)
        codes = dict(self.s.sql("SELECT id, code FROM categories"))
        for unit in (0, sorted(self.h.community_of.values())[0]):
            got = self.stats("admin", "unit=%d&%s&by=category" % (unit, q))
            want = self.brute.dims(unit, "c:", days)
            self.assertEqual(sorted(e["id"] for e in got["series"]), sorted(int(k) for k in want))
            for e in got["series"]:
                self.assertEqual(e["key"], codes[e["id"]])
                self.check_entry(e, want[str(e["id"])])
            got = self.stats("admin", "unit=%d&%s&by=channel" % (unit, q))
            want = self.brute.dims(unit, "ch:", days)
            self.assertEqual([e["key"] for e in got["series"]], sorted(want))
            for e in got["series"]:
                self.check_entry(e, want[e["key"]])

    def test_filters(self):
        a, b, q = self.span()
        days = days_between(a, b)
        cats = sorted({k[1] for k in self.brute.c if k[1].startswith("c:")})[:3]
        for dim in cats + ["ch:hotline", "ch:inspection", "ch:visit"]:
            arg = "category=%s" % dim[2:] if dim.startswith("c:") else "channel=%s" % dim[3:]
            got = self.stats("admin", "unit=0&%s&%s&by=day" % (q, arg))
            self.check_entry(got, self.brute.sum(0, dim, days))
            for e, d in zip(got["series"], days):
                self.check_entry(e, self.brute.sum(0, dim, [d]))

    def test_ranking_by_unit(self):
        a, b, q = self.span()
        days = days_between(a, b)
        groups = set()
        for parent, user in ((self.street, "supervisor"),
                             (sorted(self.h.community_of.values())[0], "dispatcher")):
            got = self.stats(user, "unit=%d&%s&by=unit" % (parent, q))
            kids = self.s.sql("SELECT id FROM units WHERE parent_id = ? AND kind IN"
                              " ('community','village','grid')", (parent,))
            self.assertEqual(sorted(e["id"] for e in got["series"]), sorted(k[0] for k in kids))
            for e in got["series"]:
                self.check_entry(e, self.brute.sum(e["id"], "", days))
            # ranked: a composite from at least 10 requests, best first; then
            # too small a sample (样本不足), then no data, each by id
            def group(e):
                if e["rates"]["composite"] is None:
                    return 2
                return 0 if e["counts"]["intake"] >= 10 else 1
            keyed = [(group(e), -e["rates"]["composite"] if group(e) == 0 else 0, e["id"])
                     for e in got["series"]]
            self.assertEqual([e["id"] for e in got["series"]], [k[2] for k in sorted(keyed)])
            ranked = [e for e in got["series"] if group(e) == 0]
            self.assertEqual([e["rank"] for e in ranked], list(range(1, len(ranked) + 1)))
            for e in got["series"]:
                self.assertEqual(e["rank"] is None, group(e) != 0)
                self.assertEqual(e["sample_too_small"], group(e) == 1)
                groups.add(group(e))
        self.assertEqual(groups, {0, 1, 2}, "the history holds units of each kind")

    def test_weights(self):
        a, b, q = self.span()
        days = days_between(a, b)
        got = self.stats("admin", "unit=0&%s&weights=1,0,3" % q)
        self.check_entry(got, self.brute.sum(0, "", days), (1, 0, 3))
        self.assertEqual(got["weights"], {"response": 1, "resolution": 0, "satisfaction": 3})
        for bad in ("1,2", "0,0,0", "a,b,c", "-1,2,3", "1,2,3,4"):
            b2 = self.stats("admin", "unit=0&%s&weights=%s" % (q, bad), 422)
            self.assertEqual(b2["error"]["field"], "weights")

    def test_no_data_is_null(self):
        got = self.stats("admin", "unit=0&from=2025-01-01&to=2025-01-31")
        self.assertEqual(set(got["counts"].values()), {0})
        self.assertEqual(set(got["rates"].values()), {None})
        got = self.stats("admin", "unit=0&from=2025-01-01&to=2025-01-03&by=day")
        self.assertEqual(len(got["series"]), 3)
        self.assertIsNone(got["series"][0]["rates"]["composite"])

    def test_default_range_and_unit(self):
        got = self.stats("admin", "")
        self.assertEqual(got["unit"]["id"], 0)
        self.assertEqual(got["to"], self.today.isoformat())
        self.assertEqual(got["from"], (self.today - datetime.timedelta(days=29)).isoformat())
        gid, code, worker = self.h.grids[0]
        got = self.stats(worker, "from=%s&to=%s" % (self.span()[0], self.span()[1]))
        self.assertEqual(got["unit"]["id"], gid)
        self.assertEqual(got["unit"]["code"], code)
        self.check_entry(got, self.brute.sum(gid, "", days_between(*self.span()[:2])))
        cid = self.h.community_of[gid]
        got = self.stats(self.h.officer[cid], "")
        self.assertEqual(got["unit"]["id"], cid)

    def test_scope(self):
        gid, _, worker = self.h.grids[0]
        other = self.h.grids[2][0]
        cid = self.h.community_of[gid]
        self.stats(worker, "unit=%d" % other, 404)
        self.stats(worker, "unit=%d" % cid, 404)
        self.stats(worker, "unit=0", 404)
        self.stats(worker, "unit=99999999", 404)
        self.stats(self.h.officer[cid], "unit=%d" % gid)
        for user in ("resident1", "leader1", "building1"):
            self.stats(user, "", 403)
            st, _ = self.s.get(user, "/api/v1/stats/overview")
            self.assertEqual(st, 403)
        st, _ = self.s.srv.json("GET", "/api/v1/stats")
        self.assertEqual(st, 401)

    def test_bad_arguments(self):
        building = self.s.building(self.h.grids[0][1])
        cases = [("by=year", "by"), ("from=2026-02-30", "from"), ("to=yesterday", "to"),
                 ("from=2026-03-02&to=2026-03-01", "from"),
                 ("from=2020-01-01&to=2026-01-01", "to"), ("category=0", "category"),
                 ("category=99999", "category"), ("channel=email", "channel"),
                 ("category=1&channel=self", "channel"), ("by=category&category=2", "category"),
                 ("by=channel&channel=self", "channel"), ("unit=%d" % building, "unit"),
                 ("unit=x", "unit")]
        for q, field in cases:
            b = self.stats("admin", q, 422)
            self.assertEqual(b["error"]["field"], field, q)

    def test_overview(self):
        now = int(time.time())
        open_states = ("submitted", "dispatched", "accepted", "resolved", "returned")
        today = day_key(now)
        for unit, user in ((0, "admin"), (self.street, "dispatcher"),
                           (sorted(self.h.community_of.values())[0], "supervisor")):
            st, got = self.s.get(user, "/api/v1/stats/overview?unit=%d" % unit)
            self.assertEqual(st, 200, got)
            rows = self.s.sql("SELECT state, accept_due, resolve_due, card, unit_path"
                              " FROM requests")
            mine = [r for r in rows if unit == 0 or ("/%d/" % unit) in r[4]]
            self.assertEqual(got["open"], sum(r[0] in open_states for r in mine))
            self.assertEqual(got["overdue"], sum(
                (r[0] == "dispatched" and r[1] is not None and r[1] < now) or
                (r[0] == "accepted" and r[2] is not None and r[2] < now) for r in mine))
            self.assertEqual(got["supervised"], sum(
                r[3] != "none" and r[0] in ("dispatched", "accepted") for r in mine))
            c = self.brute.sum(unit, "", [today])
            self.assertEqual(got["today"], {"intake": c["intake"], "closed": c["closed"],
                                            "escalated": c["escalated"]})
            self.assertEqual(got["day"], day_of(now))
        self.assertGreater(got["open"], 0)


if __name__ == "__main__":
    fq.main()
