"""The talent pool (群英库) and dispatch-by-name (点将派单) over real HTTP,
on a copy of the small demo street (its pools and talent accounts come
from `fengqiao demo`): pools and members within each caller's scope;
enrolment, approval and the 409 of an illegal move; suggestions with
reasons, and the three conflict rules (a party, the same household, a
declared relation) leaving members out; an offer declined and passed on
to the next suggestion at once; an offer expiring by the background
sweeper and passing on; accept, done, rate and the workload; a talent who
accepts a dispute becomes one of its mediators; and every limit gone
past with the field named."""
import time
import unittest

import fq
from reqhelp import Street

GRID1 = "430181001001001"  # grid 1 of community 1 (集里社区)


class Base(unittest.TestCase):
    extra = ("--sweep-interval-s", "0")

    def setUp(self):
        self.s = Street(extra=self.extra)

    def tearDown(self):
        self.s.close()

    # ---- helpers ----

    def get(self, user, path, want=200):
        st, b = self.s.get(user, path)
        if want is not None:
            self.assertEqual(st, want, "%s %s: %s" % (user, path, b))
        return b

    def post(self, user, path, body=None, want=200):
        st, b = self.s.post(user, path, body if body is not None else {})
        if want is not None:
            self.assertEqual(st, want, "%s %s: %s" % (user, path, b))
        return b

    def put(self, user, path, body, want=200):
        st, b = self.s.srv.json("PUT", path, body, self.s.auth(user))
        if want is not None:
            self.assertEqual(st, want, "%s %s: %s" % (user, path, b))
        return b

    def pool_of(self, officer="community1"):
        """The pool of the community an officer account is bound to."""
        return self.s.one("SELECT p.id FROM talent_pools p JOIN account_roles r"
                          " ON r.unit_id = p.unit_id JOIN accounts a ON a.id = r.account_id"
                          " WHERE a.username = ?", (officer,))[0]

    def account_talent(self, username):
        """The member id of a demo talent account."""
        return self.s.one("SELECT t.id FROM talents t JOIN accounts a ON a.id = t.account_id"
                          " WHERE a.username = ?", (username,))[0]

    def resident_request(self, title="邻居装修噪音扰民"):
        """A request resident1 raises in the app: they are its party."""
        st, b = self.s.post("resident1", "/api/v1/requests",
                            {"title": title, "category": "dispute.neighbour",
                             "channel": "self", "address": "1号楼"})
        self.assertEqual(st, 201, b)
        return b["id"]

    def hotline_request(self):
        return self.s.create("dispute.neighbour", self.s.building(GRID1), "邻里纠纷")["id"]

    def suggest(self, user, subject, limit=50, want=200):
        return self.get(user, "/api/v1/talents/suggestions?subject=%s&limit=%d"
                        % (subject, limit), want)

    def offer(self, user, subject, talent_id, want=201, **extra):
        body = {"subject": subject, "talent_id": talent_id, "note": "请上门调解"}
        body.update(extra)
        return self.post(user, "/api/v1/talents/tasks", body, want)

    def approved_person(self, person_id, pool, by="community1"):
        """person_id as an approved member of pool (enrolled by recommendation
        unless the demo drew them already); the member id."""
        row = self.s.one("SELECT id, status FROM talents WHERE person_id = ? AND pool_id = ?",
                         (person_id, pool))
        if row and row[1] == "pending":
            self.post(by, "/api/v1/talents/%d/approve" % row[0])
        if row:
            self.s.sql("UPDATE talents SET status = 'approved' WHERE id = ?", (row[0],))
            return row[0]
        m = self.post(by, "/api/v1/talents", {"pool_id": pool, "person_id": person_id,
                                             "enrolment": "recommendation",
                                             "skills": ["law", "psychology"],
                                             "roles": ["mediator"], "capacity": 3}, 201)
        self.post(by, "/api/v1/talents/%d/approve" % m["id"])
        return m["id"]


class PoolsAndMembersTest(Base):
    def test_pools_within_scope(self):
        self.assertEqual(len(self.get("dispatcher", "/api/v1/talents/pools")["items"]), 15)
        mine = self.get("community1", "/api/v1/talents/pools")["items"]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["name"], "集里社区群英库")
        self.assertGreaterEqual(mine[0]["approved"], 7)
        # a resident sees the pool of their own community (to nominate themselves)
        res = self.get("resident1", "/api/v1/talents/pools")["items"]
        self.assertEqual([p["id"] for p in res], [mine[0]["id"]])
        # one pool per community; only communities and villages; only within scope
        unit = mine[0]["unit_id"]
        st, b = self.s.post("community1", "/api/v1/talents/pools", {"unit_id": unit})
        self.assertEqual((st, b["error"]["field"]), (409, "unit_id"))
        grid = self.s.one("SELECT id FROM units WHERE code = ?", (GRID1,))[0]
        st, b = self.s.post("community1", "/api/v1/talents/pools", {"unit_id": grid})
        self.assertEqual((st, b["error"]["field"]), (422, "unit_id"))
        other = self.s.one("SELECT unit_id FROM talent_pools WHERE id != ? LIMIT 1",
                           (mine[0]["id"],))[0]
        st, b = self.s.post("community1", "/api/v1/talents/pools", {"unit_id": other})
        self.assertEqual(st, 404, b)

    def test_members_within_scope_and_filters(self):
        pool = self.pool_of()
        items = self.get("community1", "/api/v1/talents?limit=100")["items"]
        self.assertTrue(items)
        self.assertEqual({m["pool_id"] for m in items}, {pool})
        self.assertRegex(items[0]["phone"], r"^\d{3}\*{4}\d{4}$")  # masked
        every = self.get("dispatcher", "/api/v1/talents?limit=500")["items"]
        self.assertGreater(len(every), len(items))
        outside = [m for m in every if m["pool_id"] != pool][0]
        self.get("community1", "/api/v1/talents/%d" % outside["id"], 404)
        self.get("community1", "/api/v1/talents/%d/workload" % outside["id"], 404)
        law = self.get("dispatcher", "/api/v1/talents?skill=law&limit=500")["items"]
        self.assertTrue(law)
        self.assertTrue(all("law" in [s["code"] for s in m["skills"]] for m in law))
        med = self.get("dispatcher", "/api/v1/talents?role=mediator&status=approved&limit=500")
        self.assertTrue(all(m["status"] == "approved" for m in med["items"]))
        pending = self.get("dispatcher", "/api/v1/talents?status=pending&limit=500")["items"]
        self.assertEqual(len(pending), 15)  # one per pool in the demo
        # paging
        page = self.get("dispatcher", "/api/v1/talents?limit=5")
        nxt = self.get("dispatcher", "/api/v1/talents?limit=5&cursor=" + page["next_cursor"])
        self.assertGreater(nxt["items"][0]["id"], page["items"][-1]["id"])
        for q, field in (("skill=cooking", "skill"), ("role=boss", "role"),
                         ("status=maybe", "status"), ("limit=501", "limit")):
            st, b = self.s.get("dispatcher", "/api/v1/talents?" + q)
            self.assertEqual((st, b["error"]["field"]), (422, field), q)
        # residents do not list members
        st, _ = self.s.get("resident1", "/api/v1/talents")
        self.assertEqual(st, 403)

    def test_enrol_approve_and_illegal_moves(self):
        pool = self.pool_of()
        person = self.s.one(
            "SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id"
            " JOIN units g ON g.id = h.grid_id WHERE g.code = ? AND p.id NOT IN"
            " (SELECT person_id FROM talents) ORDER BY p.id LIMIT 1", (GRID1,))[0]
        m = self.post("community1", "/api/v1/talents",
                      {"pool_id": pool, "person_id": person, "enrolment": "election",
                       "title": "退休教师", "skills": ["education"], "roles": ["publicist"]},
                      201)
        self.assertEqual((m["status"], m["enrolment"]), ("pending", "election"))
        self.assertEqual([s["label"] for s in m["skills"]], ["教育"])
        # the same person twice
        st, b = self.s.post("community1", "/api/v1/talents",
                            {"pool_id": pool, "person_id": person,
                             "enrolment": "recommendation"})
        self.assertEqual((st, b["error"]["field"]), (409, "person_id"))
        # another community's officer cannot see it, nor approve it
        st, _ = self.s.post("community2", "/api/v1/talents/%d/approve" % m["id"], {})
        self.assertEqual(st, 404)
        a = self.post("community1", "/api/v1/talents/%d/approve" % m["id"], {"note": "同意"})
        self.assertEqual(a["status"], "approved")
        st, b = self.s.post("community1", "/api/v1/talents/%d/approve" % m["id"], {})
        self.assertEqual(st, 409)
        self.assertEqual(b["error"]["field"], "status")
        self.assertIn("approved", b["error"]["message"])
        st, b = self.s.post("community1", "/api/v1/talents/%d/reject" % m["id"], {})
        self.assertEqual(st, 409)
        # the audit log has it
        self.assertTrue(self.s.one("SELECT count(*) FROM audit_log WHERE action ="
                                   " 'talent.approve' AND subject = ?",
                                   ("talent:%d" % m["id"],))[0])
        # a person from another community is not for this pool
        far = self.s.one("SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id"
                         " JOIN units g ON g.id = h.grid_id JOIN units c ON c.id = g.parent_id"
                         " WHERE c.id != (SELECT unit_id FROM talent_pools WHERE id = ?)"
                         " LIMIT 1", (pool,))[0]
        st, b = self.s.post("community1", "/api/v1/talents",
                            {"pool_id": pool, "person_id": far, "enrolment": "recommendation"})
        self.assertEqual((st, b["error"]["field"]), (422, "person_id"))
        for body, field in (({"pool_id": pool, "person_id": person, "enrolment": "draft"},
                             "enrolment"),
                            ({"pool_id": pool, "person_id": person,
                              "enrolment": "election", "skills": ["cooking"]}, "skills"),
                            ({"pool_id": pool, "person_id": person,
                              "enrolment": "election", "capacity": 21}, "capacity"),
                            ({"pool_id": pool, "enrolment": "election"}, "person_id")):
            st, b = self.s.post("community1", "/api/v1/talents", body)
            self.assertEqual((st, b["error"]["field"]), (422, field), body)

    def test_self_nomination_and_own_availability(self):
        pool = self.pool_of()
        m = self.post("resident1", "/api/v1/talents",
                      {"pool_id": pool, "enrolment": "self_nomination", "title": "热心居民",
                       "skills": ["elder_care"]}, 201)
        self.assertTrue(m["has_account"])
        self.assertEqual(m["status"], "pending")
        me = self.get("resident1", "/api/v1/talents/me")
        self.assertEqual(me["id"], m["id"])
        # the member edits their own availability; the pool's staff can too
        until = "2030-01-01T00:00:00+08:00"
        e = self.put("resident1", "/api/v1/talents/%d" % m["id"],
                     {"availability": "away", "available_until": until, "capacity": 1})
        self.assertEqual((e["availability"], e["available_until"], e["capacity"]),
                         ("away", until, 1))
        self.put("community1", "/api/v1/talents/%d" % m["id"], {"availability": "available"})
        st, b = self.s.srv.json("PUT", "/api/v1/talents/%d" % m["id"],
                                {"availability": "sleeping"}, self.s.auth("resident1"))
        self.assertEqual((st, b["error"]["field"]), (422, "availability"))
        # withdraw by the member; then approving is a 409
        self.post("resident1", "/api/v1/talents/%d/withdraw" % m["id"])
        st, b = self.s.post("community1", "/api/v1/talents/%d/approve" % m["id"], {})
        self.assertEqual(st, 409)
        self.assertIn("withdrawn", b["error"]["message"])
        # a self-nomination for someone else is refused
        st, b = self.s.post("resident1", "/api/v1/talents",
                            {"pool_id": pool, "enrolment": "self_nomination", "person_id": 999999})
        self.assertEqual((st, b["error"]["field"]), (422, "person_id"))


class DispatchTest(Base):
    def test_suggestions_have_reasons_and_respect_scope(self):
        rid = self.hotline_request()
        s = self.suggest("community1", "request:%d" % rid, 5)
        self.assertEqual(s["subject"]["kind"], "request")
        self.assertEqual([x["code"] for x in s["subject"]["need"]["skills"]],
                         ["law", "psychology"])
        self.assertTrue(1 <= len(s["items"]) <= 5)
        self.assertEqual([x["rank"] for x in s["items"]], list(range(1, len(s["items"]) + 1)))
        scores = [x["score"] for x in s["items"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        codes = {r["code"] for r in s["items"][0]["reasons"]}
        self.assertIn("load", codes)
        self.assertTrue(codes & {"same_grid", "same_community"})
        texts = [r["text"] for r in s["items"][0]["reasons"]]
        self.assertTrue(any(t.startswith("当前任务") for t in texts))
        # community1 only ranks its own pool's members
        pool = self.pool_of()
        self.assertEqual({x["talent"]["pool_id"] for x in s["items"]}, {pool})
        # the street dispatcher ranks the street's
        d = self.suggest("dispatcher", "request:%d" % rid, 50)
        self.assertGreater(d["eligible"], s["eligible"])
        # another community's officer: the subject does not exist for them
        self.suggest("community2", "request:%d" % rid, want=404)
        self.suggest("community1", "request:999999", want=404)
        st, _ = self.s.get("resident1", "/api/v1/talents/suggestions?subject=request:%d" % rid)
        self.assertEqual(st, 403)

    def test_conflicts_are_excluded(self):
        rid = self.resident_request()
        person, household = self.s.one("SELECT reporter_person_id, household_id FROM requests"
                                       " WHERE id = ?", (rid,))
        self.assertIsNotNone(person)
        pool = self.pool_of()
        # the party, a member of their household, and one who declares a relation
        party = self.approved_person(person, pool)
        mate = self.s.one("SELECT id FROM persons WHERE household_id = ? AND id != ?"
                          " ORDER BY id LIMIT 1", (household, person))[0]
        same_house = self.approved_person(mate, pool)
        related = self.account_talent("talent_1")
        self.post("talent_1", "/api/v1/talents/%d/relations" % related,
                  {"person_id": person, "relation": "亲属"}, 201)
        s = self.suggest("community1", "request:%d" % rid)
        ranked = {x["talent"]["id"] for x in s["items"]}
        excluded = {x["talent"]["id"]: x["code"] for x in s["excluded"]}
        self.assertEqual(excluded.get(party), "party")
        self.assertEqual(excluded.get(same_house), "household")
        self.assertEqual(excluded.get(related), "relation")
        self.assertFalse(ranked & {party, same_house, related})
        texts = {x["code"]: x["text"] for x in s["excluded"]}
        self.assertEqual(texts["party"], "当事人本人")
        # sending to an excluded member names the field and the rule
        for tid, code in ((party, "party"), (same_house, "household"), (related, "relation")):
            st, b = self.s.post("community1", "/api/v1/talents/tasks",
                                {"subject": "request:%d" % rid, "talent_id": tid})
            self.assertEqual((st, b["error"]["field"]), (422, "talent_id"))
            self.assertIn(code, b["error"]["message"])
        self.assertEqual(self.s.one("SELECT count(*) FROM talent_tasks")[0], 0)

    def test_decline_passes_on_at_once(self):
        rid = self.hotline_request()
        t1 = self.account_talent("talent_1")
        task = self.offer("community1", "request:%d" % rid, t1)
        self.assertEqual((task["state"], task["chain"], task["talent_id"]), ("offered", 1, t1))
        self.assertTrue(task["reasons"])
        # the member sees it; another talent and the coordinator cannot answer it
        mine = self.get("talent_1", "/api/v1/talents/tasks?mine=1")["items"]
        self.assertEqual([k["id"] for k in mine], [task["id"]])
        self.post("talent_3", "/api/v1/talents/tasks/%d/accept" % task["id"], {}, 404)
        self.post("community1", "/api/v1/talents/tasks/%d/accept" % task["id"], {}, 403)
        d = self.post("talent_1", "/api/v1/talents/tasks/%d/decline" % task["id"],
                      {"reason": "外出"})
        self.assertEqual((d["state"], d["answer_note"]), ("declined", "外出"))
        nxt = d["passed_to"]
        self.assertIsNotNone(nxt)
        n = self.get("community1", "/api/v1/talents/tasks/%d" % nxt)
        self.assertEqual((n["state"], n["chain"]), ("offered", 2))
        self.assertNotEqual(n["talent_id"], t1)
        self.assertEqual(n["note"], "请上门调解")
        # the one who declined is not offered again, and shows as tried
        s = self.suggest("community1", "request:%d" % rid)
        self.assertIn(t1, {x["talent"]["id"] for x in s["excluded"] if x["code"] == "tried"})
        self.assertNotIn(n["talent_id"], {x["talent"]["id"] for x in s["items"]})
        # an illegal move names the state
        st, b = self.s.post("talent_1", "/api/v1/talents/tasks/%d/accept" % task["id"], {})
        self.assertEqual(st, 409)
        self.assertEqual(b["error"]["field"], "state")
        self.assertIn("declined", b["error"]["message"])
        # the subject's list shows the chain
        chain = self.get("community1", "/api/v1/talents/tasks?subject=request:%d" % rid)
        self.assertEqual([k["state"] for k in chain["items"]], ["offered", "declined"])

    def test_accept_done_rate_and_workload(self):
        rid = self.hotline_request()
        t1 = self.account_talent("talent_1")
        task = self.offer("community1", "request:%d" % rid, t1)
        self.assertEqual(self.get("talent_1", "/api/v1/talents/me")["open_tasks"], 1)
        a = self.post("talent_1", "/api/v1/talents/tasks/%d/accept" % task["id"])
        self.assertEqual(a["state"], "accepted")
        st, b = self.s.post("talent_1", "/api/v1/talents/tasks/%d/done" % task["id"], {})
        self.assertEqual((st, b["error"]["field"]), (422, "outcome"))
        self.post("community1", "/api/v1/talents/tasks/%d/rate" % task["id"], {"rating": 5}, 409)
        done = self.post("talent_1", "/api/v1/talents/tasks/%d/done" % task["id"],
                         {"outcome": "双方握手言和"})
        self.assertEqual((done["state"], done["outcome"]), ("done", "双方握手言和"))
        st, b = self.s.post("community1", "/api/v1/talents/tasks/%d/rate" % task["id"],
                            {"rating": 6})
        self.assertEqual((st, b["error"]["field"]), (422, "rating"))
        self.post("talent_1", "/api/v1/talents/tasks/%d/rate" % task["id"], {"rating": 5}, 403)
        r = self.post("community1", "/api/v1/talents/tasks/%d/rate" % task["id"], {"rating": 5})
        self.assertEqual(r["rating"], 5)
        st, b = self.s.post("community1", "/api/v1/talents/tasks/%d/rate" % task["id"],
                            {"rating": 4})
        self.assertEqual(st, 409)
        self.assertIn("rated", b["error"]["message"])
        w = self.get("community1", "/api/v1/talents/%d/workload" % t1)
        self.assertEqual((w["open_tasks"], w["done_tasks"], w["rating"]), (0, 1, 5.0))
        self.assertEqual(w["by_state"]["done"], 1)
        self.assertEqual(w["recent"][0]["id"], task["id"])
        # the rating shows in the next suggestion's reasons
        rid2 = self.hotline_request()
        s = self.suggest("community1", "request:%d" % rid2)
        mine = [x for x in s["items"] if x["talent"]["id"] == t1]
        if mine:
            self.assertIn("评分 5.0（1 次）", [r["text"] for r in mine[0]["reasons"]])

    def test_task_names_its_subject_and_the_outcome_reaches_the_timeline(self):
        # the member's card says what, where and who sent it (issue 19)
        rid = self.hotline_request()
        req = self.get("community1", "/api/v1/requests/%d" % rid)
        t1 = self.account_talent("talent_1")
        task = self.offer("community1", "request:%d" % rid, t1)
        mine = self.get("talent_1", "/api/v1/talents/tasks?mine=1&limit=10")["items"]
        card = next(k for k in mine if k["id"] == task["id"])
        self.assertEqual(card["subject"]["title"], req["title"])
        building = req["location"]["building"]
        self.assertIn(card["subject"]["place"], (building.get("address"), building["name"]))
        self.assertTrue(card["coordinator"]["name"])
        # the outcome is on the request's timeline, with the member's name
        self.post("talent_1", "/api/v1/talents/tasks/%d/accept" % task["id"])
        self.post("talent_1", "/api/v1/talents/tasks/%d/done" % task["id"], {"outcome": "双方已和解"})
        after = self.get("community1", "/api/v1/requests/%d" % rid)
        ev = [e for e in after["timeline"] if e["event"] == "talent_outcome"]
        self.assertEqual(len(ev), 1, after["timeline"])
        self.assertEqual(ev[0]["note"], "双方已和解")
        self.assertEqual(ev[0]["new_state"], req["state"])
        self.assertTrue(ev[0]["detail"]["talent"])
        # a refused done changes nothing on the timeline
        st, _ = self.s.post("talent_1", "/api/v1/talents/tasks/%d/done" % task["id"], {"outcome": "再来"})
        self.assertEqual(st, 409)
        again = self.get("community1", "/api/v1/requests/%d" % rid)
        self.assertEqual(len(again["timeline"]), len(after["timeline"]))

    def test_capacity_and_away_leave_members_out(self):
        rid = self.hotline_request()
        t1 = self.account_talent("talent_1")
        self.put("talent_1", "/api/v1/talents/%d" % t1, {"availability": "away"})
        s = self.suggest("community1", "request:%d" % rid)
        self.assertNotIn(t1, {x["talent"]["id"] for x in s["items"]})
        self.assertGreaterEqual(s["away"], 1)
        st, b = self.s.post("community1", "/api/v1/talents/tasks",
                            {"subject": "request:%d" % rid, "talent_id": t1})
        self.assertEqual(st, 422)
        self.assertIn("away", b["error"]["message"])
        self.put("talent_1", "/api/v1/talents/%d" % t1,
                 {"availability": "available", "capacity": 1})
        self.offer("community1", "request:%d" % rid, t1)
        rid2 = self.hotline_request()
        st, b = self.s.post("community1", "/api/v1/talents/tasks",
                            {"subject": "request:%d" % rid2, "talent_id": t1})
        self.assertEqual(st, 422)
        self.assertIn("full", b["error"]["message"])

    def test_dispute_accept_adds_the_mediator(self):
        if not self.s.one("SELECT count(*) FROM sqlite_master WHERE name = 'disputes'")[0]:
            self.skipTest("no disputes table in this build")
        unit, path = self.s.one("SELECT id, path FROM units WHERE code = ?", (GRID1,))
        self.s.sql("INSERT INTO disputes(number, unit_id, unit_path, level, state, type,"
                   " source, title, facts, target_due, created_at, updated_at) VALUES"
                   " ('TJT1', ?, ?, 1, 'mediating', 'family', 'party_application', '家庭纠纷',"
                   " '夫妻争执', 0, 0, 0)", (unit, path))
        did = self.s.one("SELECT id FROM disputes WHERE number = 'TJT1'")[0]
        s = self.suggest("community1", "dispute:%d" % did)
        self.assertEqual([x["code"] for x in s["subject"]["need"]["skills"]],
                         ["law", "psychology"])
        t1 = self.account_talent("talent_1")
        task = self.offer("community1", "dispute:%d" % did, t1)
        self.post("talent_1", "/api/v1/talents/tasks/%d/accept" % task["id"])
        acc = self.s.one("SELECT account_id FROM talents WHERE id = ?", (t1,))[0]
        self.assertEqual(self.s.one("SELECT lead FROM dispute_mediators WHERE dispute_id = ?"
                                    " AND account_id = ?", (did, acc)), (0,))

    def test_limits_name_the_field(self):
        rid = self.hotline_request()
        t1 = self.account_talent("talent_1")
        subject = "request:%d" % rid
        for body, code, field in (
                ({"subject": subject, "talent_id": t1, "note": "长" * 501}, 422, "note"),
                ({"subject": subject, "talent_id": t1, "answer_within_s": 1}, 422,
                 "answer_within_s"),
                ({"subject": subject, "talent_id": t1, "answer_within_s": 7 * 86400 + 1},
                 422, "answer_within_s"),
                ({"subject": "case:%d" % rid, "talent_id": t1}, 422, "subject"),
                ({"subject": subject, "talent_id": 999999}, 422, "talent_id")):
            st, b = self.s.post("community1", "/api/v1/talents/tasks", body)
            self.assertEqual((st, b["error"]["field"]), (code, field), body)
        for q, field in (("subject=request:%d&limit=51" % rid, "limit"),
                         ("subject=dispute:x", "subject"), ("subject=" + "9" * 41, "subject")):
            st, b = self.s.get("community1", "/api/v1/talents/suggestions?" + q)
            self.assertEqual((st, b["error"]["field"]), (422, field), q)
        st, b = self.s.post("community1", "/api/v1/talents",
                            {"pool_id": self.pool_of(), "person_id": 1,
                             "enrolment": "election", "skills": ["law"] * 33})
        self.assertEqual((st, b["error"]["field"]), (413, "skills"))
        st, _, _ = self.s.srv.request("POST", "/api/v1/talents/tasks",
                                      raw=b"{" + b" " * (17 * 1024) + b"}",
                                      headers=dict(self.s.auth("community1"),
                                                   **{"Content-Type": "application/json"}))
        self.assertEqual(st, 413)
        self.assertEqual(self.s.one("SELECT count(*) FROM talent_tasks")[0], 0)


class ExpiryTest(Base):
    extra = ("--sweep-interval-s", "1")

    def test_unanswered_offer_expires_and_passes_on(self):
        rid = self.hotline_request()
        t1 = self.account_talent("talent_1")
        task = self.offer("community1", "request:%d" % rid, t1, answer_within_s=2)
        deadline = time.time() + fq.WAIT_S
        k = task
        while time.time() < deadline and k["state"] == "offered":
            time.sleep(0.5)
            k = self.get("community1", "/api/v1/talents/tasks/%d" % task["id"])
        self.assertEqual(k["state"], "expired")
        chain = self.get("community1", "/api/v1/talents/tasks?subject=request:%d" % rid)["items"]
        self.assertGreaterEqual(len(chain), 2, chain)
        self.assertEqual(chain[-1]["id"], task["id"])
        nxt = chain[-2]  # newest first: the one passed on (it may have expired by now too)
        self.assertEqual((nxt["chain"], nxt["answer_within_s"]), (2, 2))
        self.assertIn(nxt["state"], ("offered", "expired"))
        self.assertNotEqual(nxt["talent_id"], t1)
        self.assertEqual(self.get("talent_1", "/api/v1/talents/me")["open_tasks"], 0)
        # expired is final
        st, b = self.s.post("talent_1", "/api/v1/talents/tasks/%d/accept" % task["id"], {})
        self.assertEqual(st, 409)
        self.assertIn("expired", b["error"]["message"])


if __name__ == "__main__":
    fq.main()
