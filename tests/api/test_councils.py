"""Councils (议事会 / 幸福圆桌会) over real HTTP: a resident's proposal
reaching the agenda exactly at its threshold, one support per resident,
meetings with participants and agenda, votes (one ballot per eligible
participant, 403/404 for the rest, quorum failure, tie, absolute majority,
secret ballots that no row links to their voter), results frozen after
closing, resolutions and the roll-up of task progress, supervision and the
overdue list, the public results page without personal data, and the
limits.

The test builds its own small tree with Python's sqlite3 module on a
database created by `fengqiao init`; one account is made with `fengqiao
user add` and the others copy its password hash, so the setup stays fast."""
import os
import sqlite3
import tempfile
import unittest

import fq

PASSWORD = "council-test-pass-1"

# id, parent, kind, code, name, path
UNITS = [
    (1, None, "street", "430181001", "集里街道", "/1/"),
    (2, 1, "community", "430181001001", "枫桥社区", "/1/2/"),
    (3, 1, "community", "430181001002", "河阳社区", "/1/3/"),
    (10, 2, "grid", "430181001001001", "枫桥第一网格", "/1/2/10/"),
    (11, 3, "grid", "430181001002001", "河阳第一网格", "/1/3/11/"),
    (20, 10, "building", "B20", "1号楼", "/1/2/10/20/"),
    (21, 11, "building", "B21", "2号楼", "/1/3/11/21/"),
]

# username, display name, role, unit id, person id (residents)
ACCOUNTS = [
    ("com", "枫桥值班干部", "community_officer", 2, None),
    ("comb", "河阳值班干部", "community_officer", 3, None),
    ("sup", "街道督办", "supervisor", 1, None),
    ("gw", "网格员甲", "grid_worker", 10, None),
    ("r1", "张一", "resident", 10, 1001),
    ("r2", "张二", "resident", 10, 1002),
    ("r3", "张三", "resident", 10, 1003),
    ("r4", "张四", "resident", 10, 1004),
    ("r5", "张五", "resident", 10, 1005),
    ("rb", "李河阳", "resident", 11, 1101),
]

PHONES = ["1390000%04d" % p for p in (1001, 1002, 1003, 1004, 1005, 1101)]
ID_NUMBERS = ["43018119800101%04d" % p for p in (1001, 1002, 1003, 1004, 1005, 1101)]


def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath in UNITS:
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id)"
                   " VALUES (?,?,?,?,?,?,1)", (uid, parent, kind, code, name, upath))
    for hh, building, grid in ((100, 20, 10), (110, 21, 11)):
        db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
                   " VALUES (?,?,?,?,?,1)", (hh, "H%d" % hh, building, grid, "金沙路%d号" % hh))
    for person in (1001, 1002, 1003, 1004, 1005, 1101):
        db.execute("INSERT INTO persons(id, household_id, name, id_number, phone, street_id)"
                   " VALUES (?,?,?,?,?,1)", (person, 100 if person < 1100 else 110,
                                             "居民%d" % person, "43018119800101%04d" % person,
                                             "1390000%04d" % person))
    db.commit()
    db.close()
    fq.run("user", "add", "--db", path, "--username", "admin0", "--role", "admin", "--unit",
           "430181001", stdin=PASSWORD + "\n")
    db = sqlite3.connect(path)
    hash_ = db.execute("SELECT password_hash FROM accounts WHERE username = 'admin0'").fetchone()[0]
    for username, display, role, unit, person in ACCOUNTS:
        cur = db.execute("INSERT INTO accounts(username, display_name, password_hash, person_id)"
                         " VALUES (?,?,?,?)", (username, display, hash_, person))
        db.execute("INSERT INTO account_roles(account_id, role, unit_id) VALUES (?,?,?)",
                   (cur.lastrowid, role, unit))
    db.commit()
    db.close()


class CouncilsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-councils-")
        cls.db = os.path.join(cls.dir, "councils.db")
        build_db(cls.db)
        cls.srv = fq.Server(db=cls.db)
        cls.tokens = {}
        cls.ids = {}
        for username, *_ in ACCOUNTS:
            st, body = cls.srv.json("POST", "/api/v1/session",
                                    {"username": username, "password": PASSWORD})
            assert st in (200, 201), (username, st, body)
            cls.tokens[username] = body["token"]
            cls.ids[username] = body["account"]["id"]
        st, _ = cls.call(cls, "com", "PUT", "/api/v1/councils/units/2/threshold", {"supports": 3})
        assert st == 200, st

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    # -- helpers --

    def call(self, user, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.tokens[user]} if user else {}
        return self.srv.json(method, path, body, headers)

    def ok(self, user, method, path, body=None, status=200):
        st, out = self.call(user, method, path, body)
        self.assertEqual(st, status, out)
        return out

    def fails(self, user, method, path, body, status, field=None):
        st, out = self.call(user, method, path, body)
        self.assertEqual(st, status, out)
        if field is not None:
            self.assertEqual(out["error"]["field"], field, out)
        return out

    def sql(self, query, *args):
        db = sqlite3.connect(self.db)
        try:
            return db.execute(query, args).fetchall()
        finally:
            db.close()

    def proposal(self, user="r1", title="加装电梯"):
        return self.ok(user, "POST", "/api/v1/councils/topics",
                       {"unit_id": 2, "title": title, "body": "老旧小区没有电梯"}, 201)

    def staff_topic(self, title="停车位划分"):
        return self.ok("com", "POST", "/api/v1/councils/topics", {"unit_id": 2, "title": title},
                       201)

    def meeting(self, people=(("r1", True), ("r2", True), ("r3", True)), paper=None):
        """An open meeting of community 2 with one agenda item; returns
        (meeting, item, {user: participant id})."""
        m = self.ok("com", "POST", "/api/v1/councils/meetings",
                    {"unit_id": 2, "title": "幸福圆桌会", "kind": "round_table",
                     "starts_at": "2026-03-01T19:00:00+08:00", "place": "社区会议室"}, 201)
        parts = {}
        for user, votes in people:
            m = self.ok("com", "POST", "/api/v1/councils/meetings/%d/participants" % m["id"],
                        {"kind": "resident_rep", "account_id": self.ids[user],
                         "can_vote": votes}, 201)
            parts[user] = m["participants"][-1]["id"]
        if paper:
            m = self.ok("com", "POST", "/api/v1/councils/meetings/%d/participants" % m["id"],
                        {"kind": "property_company", "name": paper}, 201)
            parts[paper] = m["participants"][-1]["id"]
        topic = self.staff_topic()
        m = self.ok("com", "POST", "/api/v1/councils/meetings/%d/agenda" % m["id"],
                    {"topic_id": topic["id"]}, 201)
        m = self.ok("com", "POST", "/api/v1/councils/meetings/%d/open" % m["id"])
        return m, m["items"][0], parts

    def vote(self, m, item=None, **rule):
        body = dict(rule)
        if item:
            body["item_id"] = item["id"]
        else:
            body.setdefault("motion", "同意广场舞限时至21点")
        return self.ok("com", "POST", "/api/v1/councils/meetings/%d/votes" % m["id"], body, 201)

    def cast(self, user, vote, choice, status=200):
        return self.call(user, "POST", "/api/v1/councils/votes/%d/ballots" % vote["id"],
                         {"choice": choice})

    def close(self, vote):
        return self.ok("com", "POST", "/api/v1/councils/votes/%d/close" % vote["id"])

    # -- proposals and the threshold --

    def test_threshold_reaches_agenda_exactly(self):
        t = self.proposal()
        self.assertEqual((t["source"], t["state"], t["threshold"], t["supports"]),
                         ("proposal", "proposed", 3, 0))
        path = "/api/v1/councils/topics/%d/support" % t["id"]
        t = self.ok("r2", "POST", path)
        self.assertEqual((t["state"], t["supports"]), ("supporting", 1))
        t = self.ok("r3", "POST", path)
        self.assertEqual((t["state"], t["supports"]), ("supporting", 2))
        t = self.ok("r4", "POST", path)
        self.assertEqual((t["state"], t["supports"]), ("on_agenda", 3))
        last = t["events"][-1]
        self.assertEqual((last["event"], last["new_state"], last["by_rule"]),
                         ("threshold", "on_agenda", True))
        out = self.fails("r5", "POST", path, None, 409, "state")
        self.assertIn("on_agenda", out["error"]["message"])
        self.assertEqual(self.sql("SELECT count(*) FROM council_supports WHERE topic_id = ?",
                                  t["id"])[0][0], 3)

    def test_one_support_per_resident(self):
        t = self.proposal(title="垃圾分类点位")
        path = "/api/v1/councils/topics/%d/support" % t["id"]
        self.ok("r2", "POST", path)
        self.fails("r2", "POST", path, None, 409, "account")
        self.assertEqual(self.ok("r2", "GET", "/api/v1/councils/topics/%d" % t["id"])["supports"], 1)
        self.fails("rb", "POST", path, None, 404)       # another community's resident
        self.fails("com", "POST", path, None, 403)      # staff see it but are no residents
        staff = self.staff_topic()
        self.fails("r2", "POST", "/api/v1/councils/topics/%d/support" % staff["id"], None, 409,
                   "source")

    def test_default_threshold_and_scope(self):
        t = self.ok("rb", "POST", "/api/v1/councils/topics", {"unit_id": 3, "title": "河边护栏"}, 201)
        self.assertEqual(t["threshold"], 10)  # COUNCIL_THRESHOLD_DEFAULT
        self.fails("r1", "GET", "/api/v1/councils/topics/%d" % t["id"], None, 404)
        self.fails("r1", "POST", "/api/v1/councils/topics", {"unit_id": 3, "title": "x"}, 404,
                   "unit_id")
        self.fails("r1", "POST", "/api/v1/councils/topics", {"unit_id": 10, "title": "x"}, 422,
                   "unit_id")
        mine = self.ok("r1", "GET", "/api/v1/councils/topics")["items"]
        self.assertNotIn(t["id"], [x["id"] for x in mine])
        theirs = self.ok("comb", "GET", "/api/v1/councils/topics")["items"]
        self.assertIn(t["id"], [x["id"] for x in theirs])

    # -- votes --

    def test_one_ballot_per_eligible_participant(self):
        m, item, parts = self.meeting(people=(("r1", True), ("r2", True), ("r3", False)))
        v = self.vote(m, item)
        self.assertEqual(v["eligible"], 2)
        st, _ = self.cast("r1", v, "yes")
        self.assertEqual(st, 200)
        st, out = self.cast("r1", v, "no")
        self.assertEqual((st, out["error"]["field"]), (409, "participant"))
        st, out = self.cast("r3", v, "yes")          # a participant without a vote
        self.assertEqual(st, 403)
        st, out = self.cast("r4", v, "yes")          # not a participant at all
        self.assertEqual(st, 404)
        st, out = self.cast("r2", v, "maybe")
        self.assertEqual((st, out["error"]["field"]), (422, "choice"))
        st, _ = self.cast("r2", v, "yes")
        self.assertEqual(st, 200)
        done = self.close(v)
        self.assertEqual(done["result"], {"voted": 2, "yes": 2, "no": 0, "abstain": 0,
                                          "quorum_met": True, "passed": True,
                                          "outcome": "passed"})
        self.assertEqual([b["choice"] for b in done["ballots"]], ["yes", "yes"])
        topic = self.ok("com", "GET", "/api/v1/councils/topics/%d" % item["topic_id"])
        self.assertEqual(topic["state"], "decided")

    def test_results_immutable_after_closing(self):
        m, item, parts = self.meeting()
        v = self.vote(m, item)
        self.cast("r1", v, "yes")
        self.cast("r2", v, "yes")
        self.close(v)
        out = self.fails("com", "POST", "/api/v1/councils/votes/%d/close" % v["id"], None, 409,
                         "state")
        self.assertIn("closed", out["error"]["message"])
        st, out = self.cast("r3", v, "no")
        self.assertEqual((st, out["error"]["field"]), (409, "state"))
        db = sqlite3.connect(self.db)
        with self.assertRaises(sqlite3.DatabaseError):
            db.execute("UPDATE council_votes SET yes = 0 WHERE id = ?", (v["id"],))
        with self.assertRaises(sqlite3.DatabaseError):
            db.execute("INSERT INTO council_ballots VALUES (?, 999999, NULL, 'no')", (v["id"],))
        db.close()
        self.assertEqual(self.ok("r1", "GET", "/api/v1/councils/votes/%d" % v["id"])["result"]["yes"], 2)

    def test_quorum_failure(self):
        m, item, _ = self.meeting()
        v = self.vote(m, item, quorum_num=2, quorum_den=3)
        self.cast("r1", v, "yes")  # 1 of 3 eligible: below two thirds
        res = self.close(v)["result"]
        self.assertEqual((res["quorum_met"], res["passed"], res["outcome"]),
                         (False, False, "no_quorum"))
        topic = self.ok("com", "GET", "/api/v1/councils/topics/%d" % item["topic_id"])
        self.assertEqual(topic["state"], "deliberated")

    def test_tie_fails_and_majorities(self):
        m, item, _ = self.meeting(people=(("r1", True), ("r2", True), ("r3", True), ("r4", True)))
        v = self.vote(m, None, quorum_num=1, quorum_den=2)
        self.cast("r1", v, "yes")
        self.cast("r2", v, "no")
        self.cast("r3", v, "abstain")
        res = self.close(v)["result"]
        self.assertEqual((res["passed"], res["outcome"], res["abstain"]), (False, "tie", 1))
        # simple majority leaves abstentions out; absolute counts the eligible
        v = self.vote(m, None, quorum_num=1, quorum_den=2, majority="simple")
        self.cast("r1", v, "yes")
        self.cast("r2", v, "abstain")
        self.cast("r3", v, "abstain")
        self.assertTrue(self.close(v)["result"]["passed"])
        v = self.vote(m, None, quorum_num=1, quorum_den=2, majority="absolute")
        self.cast("r1", v, "yes")
        self.cast("r2", v, "yes")
        self.cast("r3", v, "abstain")
        res = self.close(v)["result"]
        self.assertEqual((res["passed"], res["outcome"]), (False, "tie"))  # 2 of 4 is no majority
        self.fails("com", "POST", "/api/v1/councils/meetings/%d/votes" % m["id"],
                   {"motion": "x", "quorum_num": 3, "quorum_den": 2}, 422, "quorum")

    def test_secret_ballot_not_linkable(self):
        m, item, parts = self.meeting(paper="物业王经理")
        v = self.vote(m, item, secret=True)
        self.cast("r1", v, "no")
        self.cast("r2", v, "yes")
        self.cast("r3", v, "yes")
        self.fails("com", "POST", "/api/v1/councils/votes/%d/ballots" % v["id"],
                   {"choice": "yes", "participant_id": parts["物业王经理"]}, 422, "participant_id")
        rows = self.sql("SELECT ballot_key, participant_id, choice FROM council_ballots"
                        " WHERE vote_id = ?", v["id"])
        self.assertEqual(len(rows), 3)
        self.assertTrue(all(r[1] is None for r in rows))
        self.assertFalse({r[0] for r in rows} & set(parts.values()))
        cols = [r[1] for r in self.sql("PRAGMA table_info(council_voters)")]
        self.assertNotIn("choice", cols)
        self.assertEqual(self.sql("SELECT count(*) FROM council_voters WHERE vote_id = ?",
                                  v["id"])[0][0], 3)
        res = self.close(v)
        self.assertEqual(res["ballots"], [])
        self.assertEqual((res["result"]["yes"], res["result"]["no"]), (2, 1))
        mine = self.ok("r1", "GET", "/api/v1/councils/votes/%d" % v["id"])
        self.assertTrue(mine["has_voted"])
        self.assertNotIn("choice", str(mine))

    def test_paper_ballot_on_open_vote(self):
        m, item, parts = self.meeting(paper="物业李经理")
        v = self.vote(m, item)
        path = "/api/v1/councils/votes/%d/ballots" % v["id"]
        self.fails("com", "POST", path, {"choice": "yes", "participant_id": parts["r1"]}, 422,
                   "participant_id")  # has an account: votes themself
        self.fails("r2", "POST", path, {"choice": "yes", "participant_id": parts["物业李经理"]},
                   403, "participant_id")
        self.ok("com", "POST", path, {"choice": "no", "participant_id": parts["物业李经理"]})
        self.fails("com", "POST", path, {"choice": "no", "participant_id": parts["物业李经理"]},
                   409, "participant")
        mine = self.ok("r1", "GET", "/api/v1/councils/my/votes")["items"]
        self.assertIn(v["id"], [x["id"] for x in mine])

    def test_meeting_states_and_scope(self):
        m, item, parts = self.meeting()
        out = self.fails("com", "POST", "/api/v1/councils/meetings/%d/open" % m["id"], None, 409,
                         "state")
        self.assertIn("open", out["error"]["message"])
        self.fails("comb", "POST", "/api/v1/councils/meetings/%d/close" % m["id"], None, 404)
        self.fails("gw", "POST", "/api/v1/councils/meetings/%d/close" % m["id"], None, 403)
        self.fails("rb", "GET", "/api/v1/councils/meetings/%d" % m["id"], None, 404)
        base = "/api/v1/councils/meetings/%d/items/%d" % (m["id"], item["id"])
        self.ok("r1", "POST", base + "/opinions", {"text": "建议先做电梯试点"}, 201)
        self.fails("r4", "POST", base + "/opinions", {"text": "我也说两句"}, 404)
        self.ok("com", "POST", base + "/opinions",
                {"text": "同意", "participant_id": parts["r2"]}, 201)
        got = self.ok("com", "PUT", base + "/minutes", {"minutes": "会议讨论了电梯加装方案"})
        self.assertEqual(len(got["items"][0]["opinions"]), 2)
        self.assertEqual(got["items"][0]["minutes"], "会议讨论了电梯加装方案")
        v = self.vote(m, item)
        self.fails("com", "POST", "/api/v1/councils/meetings/%d/close" % m["id"], None, 409,
                   "votes")
        out = self.fails("com", "POST", "/api/v1/councils/meetings/%d/participants" % m["id"],
                         {"kind": "staff", "name": "新来的"}, 409, "votes")
        self.assertEqual(out["error"]["rule"], "council.vote_open")
        self.close(v)
        closed = self.ok("com", "POST", "/api/v1/councils/meetings/%d/close" % m["id"])
        self.assertEqual(closed["state"], "closed")
        self.fails("r1", "POST", base + "/opinions", {"text": "晚了"}, 409, "state")

    # -- resolutions and tasks --

    def passed_vote(self):
        m, item, _ = self.meeting()
        v = self.vote(m, item)
        for u in ("r1", "r2", "r3"):
            self.cast(u, v, "yes")
        return self.close(v)

    def test_tasks_roll_up(self):
        v = self.passed_vote()
        res = self.ok("com", "POST", "/api/v1/councils/votes/%d/resolution" % v["id"],
                      {"text": "三个月内完成1号楼加装电梯"}, 201)
        self.fails("com", "POST", "/api/v1/councils/votes/%d/resolution" % v["id"],
                   {"text": "again"}, 409, "vote_id")
        tasks = "/api/v1/councils/resolutions/%d/tasks" % res["id"]
        parent = self.ok("com", "POST", tasks, {"title": "加装电梯", "deadline": "2099-06-30",
                                                "owner_unit_id": 2}, 201)
        a = self.ok("com", "POST", tasks, {"title": "筹集资金", "deadline": "2099-04-30",
                                           "owner_account_id": self.ids["r1"],
                                           "parent_id": parent["id"]}, 201)
        b = self.ok("com", "POST", tasks, {"title": "施工", "deadline": "2099-06-30",
                                           "owner_unit_id": 2, "parent_id": parent["id"]}, 201)
        self.ok("r1", "POST", "/api/v1/councils/tasks/%d/progress" % a["id"], {"progress": 100})
        self.ok("com", "POST", "/api/v1/councils/tasks/%d/progress" % b["id"], {"progress": 50})
        got = self.sql("SELECT progress, state FROM council_tasks WHERE id = ?", parent["id"])
        self.assertEqual(got, [(75, "open")])
        self.fails("com", "POST", "/api/v1/councils/tasks/%d/progress" % parent["id"],
                   {"progress": 100}, 409, "progress")
        self.fails("r2", "POST", "/api/v1/councils/tasks/%d/progress" % a["id"],
                   {"progress": 10}, 403)
        self.fails("rb", "POST", "/api/v1/councils/tasks/%d/progress" % a["id"],
                   {"progress": 10}, 404)
        self.fails("r1", "POST", "/api/v1/councils/tasks/%d/progress" % a["id"],
                   {"progress": 101}, 422, "progress")
        self.ok("com", "POST", "/api/v1/councils/tasks/%d/progress" % b["id"], {"progress": 100})
        self.assertEqual(self.sql("SELECT progress, state FROM council_tasks WHERE id = ?",
                                  parent["id"]), [(100, "done")])

    def test_failed_vote_has_no_resolution(self):
        m, item, _ = self.meeting()
        v = self.vote(m, item)
        self.cast("r1", v, "no")
        self.cast("r2", v, "no")
        self.close(v)
        self.fails("com", "POST", "/api/v1/councils/votes/%d/resolution" % v["id"],
                   {"text": "x"}, 409, "passed")

    def test_supervise_and_overdue(self):
        v = self.passed_vote()
        res = self.ok("com", "POST", "/api/v1/councils/votes/%d/resolution" % v["id"],
                      {"text": "广场舞21点后降低音量"}, 201)
        late = self.ok("com", "POST", "/api/v1/councils/resolutions/%d/tasks" % res["id"],
                       {"title": "张贴告示", "deadline": "2020-01-01", "owner_unit_id": 2}, 201)
        self.assertTrue(late["overdue"])
        self.fails("com", "POST", "/api/v1/councils/tasks/%d/supervise" % late["id"],
                   {"card": "yellow", "due": "2099-01-01"}, 403)
        self.fails("sup", "POST", "/api/v1/councils/tasks/%d/supervise" % late["id"],
                   {"card": "yellow"}, 422, "due")
        got = self.ok("sup", "POST", "/api/v1/councils/tasks/%d/supervise" % late["id"],
                      {"card": "yellow", "due": "2099-01-01", "note": "限期整改"})
        self.assertEqual(got["card"], "yellow")
        overdue = self.ok("com", "GET", "/api/v1/councils/tasks/overdue")["items"]
        self.assertIn(late["id"], [t["id"] for t in overdue])
        self.assertEqual(self.fails("comb", "GET", "/api/v1/councils/tasks/overdue", None, 200)
                         ["items"], [])

    # -- the public page --

    def test_public_page_has_no_personal_data(self):
        v = self.passed_vote()
        self.ok("com", "POST", "/api/v1/councils/votes/%d/resolution" % v["id"],
                {"text": "公开决议"}, 201)
        self.ok("com", "POST", "/api/v1/councils/meetings/%d/close" % v["meeting_id"])
        st, h, raw = self.srv.request("GET", "/api/v1/public/councils?unit=2")
        self.assertEqual(st, 200, raw)
        text = raw.decode()
        for secret in PHONES + ID_NUMBERS + ["r1", "r2", "proposer", "owner_account_id",
                                              "account_id", "居民1001"]:
            self.assertNotIn(secret, text)
        import json
        page = json.loads(text)
        self.assertTrue(page["decided_topics"])
        self.assertTrue(any(r["text"] == "公开决议" for r in page["resolutions"]))
        self.assertTrue(page["meetings"])
        for m in page["meetings"]:
            self.assertEqual(m["state"], "closed")  # open meetings are not published
            self.assertEqual(set(m["participants"][0]), {"name", "kind"})
            for v in m["votes"]:
                self.assertNotIn("ballots", v)
                self.assertIn("yes", v["result"])
        st, _, _ = self.srv.request("GET", "/api/v1/public/councils?unit=999")
        self.assertEqual(st, 404)

    # -- limits --

    def test_limits(self):
        self.fails("r1", "POST", "/api/v1/councils/topics", {"unit_id": 2, "title": "长" * 101},
                   422, "title")
        self.fails("r1", "POST", "/api/v1/councils/topics",
                   {"unit_id": 2, "title": "x", "body": "长" * 4001}, 422, "body")
        self.fails("com", "PUT", "/api/v1/councils/units/2/threshold", {"supports": 0}, 422,
                   "supports")
        self.fails("com", "PUT", "/api/v1/councils/units/2/threshold", {"supports": 100001},
                   422, "supports")
        m = self.ok("com", "POST", "/api/v1/councils/meetings",
                    {"unit_id": 2, "title": "议事会", "kind": "council",
                     "starts_at": "2026-04-01"}, 201)
        self.fails("com", "POST", "/api/v1/councils/meetings",
                   {"unit_id": 2, "title": "议事会", "kind": "party", "starts_at": "2026-04-01"},
                   422, "kind")
        for i in range(30):  # COUNCIL_ITEMS_MAX
            t = self.staff_topic("议题%d" % i)
            self.ok("com", "POST", "/api/v1/councils/meetings/%d/agenda" % m["id"],
                    {"topic_id": t["id"]}, 201)
        t = self.staff_topic("第31个议题")
        self.fails("com", "POST", "/api/v1/councils/meetings/%d/agenda" % m["id"],
                   {"topic_id": t["id"]}, 413, "items")
        self.fails("com", "POST", "/api/v1/councils/meetings/%d/participants" % m["id"],
                   {"kind": "staff", "name": "名" * 41}, 422, "name")
        out = self.fails("com", "POST", "/api/v1/councils/meetings/%d/participants" % m["id"],
                         {"kind": "staff"}, 422, "name")
        self.assertEqual(out["error"]["rule"], "council.participant_name_required")
        self.fails("r1", "GET", "/api/v1/councils/topics?limit=101", None, 422, "limit")


    def test_blank_and_control_text(self):
        for title in ("   ", "\t", "\u200b\u200b", "\u3000", "议题\r", "议\n题"):
            self.fails("r1", "POST", "/api/v1/councils/topics", {"unit_id": 2, "title": title},
                       422, "title")
        meeting = {"unit_id": 2, "title": "议事会", "kind": "council", "starts_at": "2026-04-01"}
        for title in ("\t", "  ", "\ufeff"):
            self.fails("com", "POST", "/api/v1/councils/meetings", dict(meeting, title=title),
                       422, "title")
        self.fails("com", "POST", "/api/v1/councils/meetings",
                   dict(meeting, place="会议室\t"), 422, "place")
        t = self.ok("r1", "POST", "/api/v1/councils/topics",
                    {"unit_id": 2, "title": " 路灯改造\u200b ", "body": "第一段\n第二段\n"}, 201)
        self.assertEqual((t["title"], t["body"]), ("路灯改造", "第一段\n第二段"))
        m = self.ok("com", "POST", "/api/v1/councils/meetings", meeting, 201)
        self.fails("com", "PUT", "/api/v1/councils/meetings/%d" % m["id"], {"title": "\t"},
                   422, "title")
        self.fails("com", "POST", "/api/v1/councils/meetings/%d/participants" % m["id"],
                   {"kind": "staff", "name": "\u200b"}, 422, "name")

    def all_ids(self, user, kind):
        ids, cursor = set(), ""
        while True:
            page = self.ok(user, "GET", "/api/v1/councils/%s?limit=100%s" % (kind, cursor))
            ids |= {row["id"] for row in page["items"]}
            if not page["next_cursor"]:
                return ids
            cursor = "&cursor=" + page["next_cursor"]

    def test_zz_lists_agree_with_single_reads(self):
        """Runs last, over every row the other tests made: a list holds
        exactly the rows its caller may read one by one."""
        self.staff_topic("网格员看得见的议题")
        m = self.meeting()[0]
        v = self.vote(m)
        for user in ("r1", "r2", "r3"):
            self.cast(user, v, "yes")
        self.close(v)
        paths = {uid: upath for uid, _, _, _, _, upath in UNITS}
        for user, _, _, unit, _ in ACCOUNTS:
            mine = paths[unit]
            visible = lambda p: p.startswith(mine) or mine.startswith(p)
            for kind, table in (("topics", "council_topics"), ("meetings", "council_meetings"),
                                ("resolutions", "council_resolutions")):
                rows = self.sql("SELECT id, unit_path FROM %s" % table)
                want = {i for i, p in rows if visible(p)}
                self.assertEqual(self.all_ids(user, kind), want, (user, kind))
                if kind == "resolutions":
                    continue
                for i, _ in rows:
                    st, _ = self.call(user, "GET", "/api/v1/councils/%s/%d" % (kind, i))
                    self.assertEqual(st, 200 if i in want else 404, (user, kind, i))
        self.assertTrue(self.all_ids("gw", "topics"))
        self.assertTrue(self.all_ids("gw", "meetings"))
        self.assertTrue(self.all_ids("gw", "resolutions"))

if __name__ == "__main__":
    fq.main()
