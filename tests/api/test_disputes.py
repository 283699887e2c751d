"""Disputes (矛盾纠纷, 人民调解) over real HTTP: a case walked from intake to
a signed agreement with its judicial window, scope per role (404 outside),
a party's refusal with the other routes, 409 naming the state, escalation
by hand and by the sweeper thread when a level's limit has passed, field
limits (413/422 naming the field), masked phones and the audited reveal,
the printable agreement (escaped) and 化解率 from the counters.

Builds its own small tree with sqlite3 on a database made by `fengqiao
init`, like test_org.py, so it needs no demo data."""
import os
import sqlite3
import tempfile
import time
import unittest
import urllib.parse

import fq

PASSWORD = "dispute-test-pass-1"

UNITS = [
    (1, None, "street", "S1", "吉利街道", "/1/"),
    (2, 1, "community", "C2", "枫桥社区", "/1/2/"),
    (3, 1, "community", "C3", "河阳社区", "/1/3/"),
    (10, 2, "grid", "G10", "枫桥第一网格", "/1/2/10/"),
    (11, 3, "grid", "G11", "河阳网格", "/1/3/11/"),
    (20, 10, "building", "B20", "1号楼", "/1/2/10/20/"),
    (21, 11, "building", "B21", "9号楼", "/1/3/11/21/"),
]
HOUSEHOLDS = {100: (20, 10), 101: (20, 10), 110: (21, 11)}
ACCOUNTS = [
    ("gw10", "grid_worker", "G10"),
    ("gw11", "grid_worker", "G11"),
    ("com2", "community_officer", "C2"),
    ("med", "mediator", "S1"),
    ("tal", "talent", "S1"),
    ("res", "resident", "G10"),
]


def phone(person):
    return "139%08d" % person


def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath in UNITS:
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id)"
                   " VALUES (?,?,?,?,?,?,1)", (uid, parent, kind, code, name, upath))
    for hh, (building, grid) in HOUSEHOLDS.items():
        db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
                   " VALUES (?,?,?,?,?,1)", (hh, "H%d" % hh, building, grid, "金沙路%d号" % hh))
        db.execute("INSERT INTO persons(id, household_id, name, phone, street_id)"
                   " VALUES (?,?,?,?,1)", (hh * 10 + 1, hh, "张%d" % hh, phone(hh * 10 + 1)))
    db.commit()
    db.close()
    for username, role, code in ACCOUNTS:
        fq.run("user", "add", "--db", path, "--username", username, "--role", role,
               "--unit", code, stdin=PASSWORD + "\n")


def case_body(**kw):
    body = {"type": "neighbour", "source": "party_application", "title": "楼上漏水纠纷",
            "facts": "1001室卫生间漏水<b>至</b>901室", "claims": "赔偿维修费2000元",
            "parties": [{"person_id": 1001, "role": "applicant"},
                        {"person_id": 1011, "role": "respondent"}]}
    body.update(kw)
    return body


class DisputesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-dsp-")
        cls.db = os.path.join(cls.dir, "d.db")
        build_db(cls.db)
        cls.srv = fq.Server(db=cls.db, extra=("--sweep-interval-s", "1"))
        cls.tokens = {}
        for username, _, _ in ACCOUNTS:
            st, body = cls.srv.json("POST", "/api/v1/session",
                                    {"username": username, "password": PASSWORD})
            assert st in (200, 201), (username, st, body)
            cls.tokens[username] = body["token"]
        db = sqlite3.connect(cls.db)
        cls.ids = {u: i for u, i in db.execute("SELECT username, id FROM accounts")}
        db.close()

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def call(self, user, method, path, body=None, status=None):
        headers = {"Authorization": "Bearer " + self.tokens[user]}
        st, b = self.srv.json(method, path, body, headers)
        if status is not None:
            self.assertEqual(st, status, b)
        return st, b

    def create(self, user="gw10", **kw):
        return self.call(user, "POST", "/api/v1/disputes", case_body(**kw), 201)[1]

    def test_party_text_names_the_party(self):
        for party in ({"name": "\t", "role": "applicant"},
                      {"person_id": 1001, "role": "applicant", "address": "金沙路\n1号"}):
            body = case_body(parties=[party, {"person_id": 1011, "role": "respondent"}])
            out = self.call("gw10", "POST", "/api/v1/disputes", body, 422)[1]
            self.assertEqual(out["error"]["field"], "parties", out)
            self.assertTrue(out["error"]["message"].startswith("parties[0]: "), out)
            self.assertIn("one line", out["error"]["message"])
        out = self.call("gw10", "POST", "/api/v1/disputes", case_body(title="\u200b"), 422)[1]
        self.assertEqual(out["error"]["field"], "title", out)

    def test_refusals_name_their_rule(self):
        out = self.call("gw10", "POST", "/api/v1/disputes",
                        case_body(parties=[{"person_id": 1001, "role": "applicant"}]), 422)[1]
        self.assertEqual(out["error"]["code"], "invalid_field", out)
        self.assertEqual(out["error"]["rule"], "dispute.parties_min", out)
        self.assertEqual(out["error"]["field"], "parties", out)
        self.assertEqual(out["error"]["message"], "a dispute needs at least two parties", out)
        party = {"role": "applicant"}
        body = case_body(parties=[party, {"person_id": 1011, "role": "respondent"}])
        out = self.call("gw10", "POST", "/api/v1/disputes", body, 422)[1]
        self.assertEqual(out["error"]["rule"], "dispute.party_name_required", out)
        other = {"person_id": 1011, "role": "respondent"}
        body = case_body(parties=[dict(party, name="   "), other])
        out = self.call("gw10", "POST", "/api/v1/disputes", body, 422)[1]
        self.assertEqual(out["error"]["rule"], "field.blank", out)  # the party's own check, passed on

    def act(self, user, cid, action, body, status=200):
        return self.call(user, "POST", "/api/v1/disputes/%d/%s" % (cid, action), body, status)[1]

    def walk_to_agreement(self):
        d = self.create()
        cid = d["id"]
        a, b = [p["id"] for p in d["parties"]]
        self.act("gw10", cid, "agree", {"party_id": a})
        d = self.act("gw10", cid, "agree", {"party_id": b})
        self.assertEqual(d["state"], "consent")
        d = self.act("gw10", cid, "mediators", {"mediators": [self.ids["med"]]})
        self.assertEqual(d["state"], "mediating")
        self.act("med", cid, "sessions", {"place": "社区调解室", "record": "双方陈述",
                                          "attendees": "张1001、张1011"})
        self.act("med", cid, "agreement", {
            "facts": "漏水属实", "points": "维修费", "responsibilities": "被申请人负责",
            "terms": [{"text": "被申请人赔偿1500元", "deadline": "2026-12-31"}]})
        return cid, a, b

    def test_walk_to_signed_agreement(self):
        cid, a, b = self.walk_to_agreement()
        d = self.act("med", cid, "sign", {"signer": "party", "party_id": a, "method": "sign"})
        self.assertEqual(d["state"], "mediating")
        self.act("med", cid, "sign", {"signer": "party", "party_id": b, "method": "thumbprint"})
        d = self.act("med", cid, "sign", {"signer": "mediator", "method": "sign"})
        self.assertEqual(d["state"], "agreement_signed")
        self.assertIsNotNone(d["effective_at"])
        self.assertIsNotNone(d["judicial"]["end"])
        self.assertGreaterEqual(d["judicial"]["days_left"], 30)
        docs = {x["code"]: x["present"] for x in d["documents"]}
        self.assertTrue(docs["agreement"] and docs["mediation_record"] and docs["intake"])
        # signing twice is refused, and the agreement cannot change any more
        self.act("med", cid, "sign", {"signer": "mediator", "method": "sign"}, 409)
        err = self.act("med", cid, "agreement", {
            "facts": "x", "points": "y", "responsibilities": "z", "terms": [{"text": "t"}]}, 409)
        self.assertIn("agreement_signed", err["error"]["message"])
        d = self.act("med", cid, "judicial_apply", {})
        self.assertEqual(d["judicial"]["state"], "applied")
        self.assertEqual(d["level"], 5)
        self.act("med", cid, "judicial_apply", {}, 409)
        d = self.act("med", cid, "judicial_result", {"result": "confirmed"})
        self.assertEqual(d["judicial"]["state"], "confirmed")
        self.act("med", cid, "followups", {"performance": "full", "note": "已付款"})
        # filing needs the notice of rights, the identity papers and the back cover
        err = self.act("med", cid, "close", {}, 409)
        self.assertEqual(err["error"]["field"], "documents")
        self.assertIn("rights_notice, identity, back_cover", err["error"]["message"])
        for code in ("rights_notice", "identity", "back_cover"):
            d = self.act("med", cid, "documents", {"code": code, "present": True})
        self.assertEqual([x["code"] for x in d["documents"] if x["needed"] and not x["present"]], [])
        d = self.act("med", cid, "close", {})
        self.assertEqual(d["state"], "closed")
        self.assertEqual(d["outcome"], "agreement")
        self.assertIsNone(d["incomplete_reason"])
        st, _, raw = self.srv.request("GET", "/api/v1/disputes/%d/agreement.html" % cid,
                                      headers={"Authorization": "Bearer " + self.tokens["med"]})
        self.assertEqual(st, 200)
        page = raw.decode()
        self.assertIn("人民调解协议书", page)
        self.assertIn("被申请人赔偿1500元", page)
        self.assertIn("按指印", page)
        st, stats = self.call("med", "GET", "/api/v1/disputes/stats?unit_id=1&period=day", None, 200)
        self.assertGreaterEqual(stats["totals"]["resolved"], 1)
        self.assertGreater(stats["totals"]["resolution_rate"], 0)

    def test_printable_agreement_escapes(self):
        d = self.create(title="<script>alert(1)</script>")
        cid = d["id"]
        a, b = [p["id"] for p in d["parties"]]
        self.act("gw10", cid, "agree", {"party_id": a})
        self.act("gw10", cid, "agree", {"party_id": b})
        self.act("gw10", cid, "mediators", {"mediators": [self.ids["med"]]})
        self.act("med", cid, "agreement", {"facts": "<img src=x onerror=1>", "points": "p",
                                           "responsibilities": "r", "terms": [{"text": "<i>t"}]})
        st, h, raw = self.srv.request("GET", "/api/v1/disputes/%d/agreement.html" % cid,
                                      headers={"Authorization": "Bearer " + self.tokens["med"]})
        self.assertEqual(st, 200)
        page = raw.decode()
        self.assertNotIn("<img src=x", page)
        self.assertIn("&lt;img src=x", page)
        self.assertNotIn("<i>t", page)
        self.assertIn("Content-Security-Policy", h)
        self.assertIn("frame-ancestors 'none'", h["Content-Security-Policy"])
        self.assertEqual(h.get("Cache-Control"), "no-store")

    def test_refusal_gives_routes(self):
        d = self.create(type="labour")
        cid = d["id"]
        a = d["parties"][0]["id"]
        d = self.act("gw10", cid, "refuse", {"party_id": a, "note": "不愿调解"})
        self.assertEqual(d["state"], "refused")
        self.assertIn("劳动人事争议仲裁", d["routes"])
        err = self.act("gw10", cid, "agree", {"party_id": a}, 409)
        self.assertEqual(err["error"]["field"], "state")
        self.assertIn("refused", err["error"]["message"])
        # refused: no mediation took place, so neither record nor agreement is needed
        needed = [x["code"] for x in d["documents"] if x["needed"]]
        self.assertEqual(needed, ["intake", "rights_notice", "identity", "back_cover"])
        err = self.act("gw10", cid, "close", {}, 409)
        self.assertIn("missing: rights_notice, identity, back_cover", err["error"]["message"])
        self.act("gw10", cid, "close", {"incomplete_reason": "  "}, 422)
        d = self.act("gw10", cid, "close", {"incomplete_reason": "当事人拒绝提供身份证明"})
        self.assertEqual(d["outcome"], "refused")
        self.assertEqual(d["incomplete_reason"], "当事人拒绝提供身份证明")
        note = d["timeline"][-1]["note"]
        self.assertIn("缺件归档", note)
        self.assertIn("当事人权利义务告知书", note)
        self.assertIn("当事人拒绝提供身份证明", note)

    def test_filing_refused_changes_nothing(self):
        """A refused filing leaves the case where it was: state, outcome,
        reason and timeline."""
        d = self.create()
        cid = d["id"]
        d = self.act("gw10", cid, "refuse", {"party_id": d["parties"][0]["id"]})
        events = len(d["timeline"])
        self.act("gw10", cid, "close", {"note": "已告知其他途径"}, 409)
        st, d = self.call("gw10", "GET", "/api/v1/disputes/%d" % cid, None, 200)
        self.assertEqual((d["state"], d["outcome"], d["incomplete_reason"]),
                         ("refused", None, None))
        self.assertEqual(len(d["timeline"]), events)
        self.act("gw10", cid, "close", {"incomplete_reason": "x" * 501}, 422)

    def test_illegal_moves_are_409_naming_the_state(self):
        d = self.create()
        cid = d["id"]
        err = self.act("gw10", cid, "sessions", {"place": "p", "record": "r"}, 409)
        self.assertIn("registered", err["error"]["message"])
        self.act("gw10", cid, "sign", {"signer": "mediator", "method": "sign"}, 409)
        self.act("gw10", cid, "close", {}, 409)
        self.act("gw10", cid, "close", {"outcome": "reconciled"}, 409)
        d = self.act("gw10", cid, "close", {"outcome": "failed", "reason": "分歧过大"})
        self.assertEqual(d["state"], "failed")
        self.assertIn("人民法院", d["routes"])

    def test_scope(self):
        d = self.create()
        cid = d["id"]
        self.call("gw11", "GET", "/api/v1/disputes/%d" % cid, None, 404)
        self.call("tal", "GET", "/api/v1/disputes/%d" % cid, None, 404)
        self.call("res", "GET", "/api/v1/disputes/%d" % cid, None, 404)
        self.call("com2", "GET", "/api/v1/disputes/%d" % cid, None, 200)
        self.call("med", "GET", "/api/v1/disputes/%d" % cid, None, 200)
        self.act("gw11", cid, "escalate", {"reason": "x"}, 404)
        _, lst = self.call("gw11", "GET", "/api/v1/disputes", None, 200)
        self.assertNotIn(cid, [x["id"] for x in lst["items"]])
        _, lst = self.call("gw10", "GET", "/api/v1/disputes?state=registered", None, 200)
        self.assertIn(cid, [x["id"] for x in lst["items"]])
        # a talent listed as a mediator reaches the case
        self.act("gw10", cid, "mediators", {"mediators": [self.ids["tal"]]})
        self.call("tal", "GET", "/api/v1/disputes/%d" % cid, None, 200)
        # grid 11 cannot register a case in grid 10, residents cannot register at all
        self.call("gw11", "POST", "/api/v1/disputes", case_body(unit_id=10), 404)
        self.call("res", "POST", "/api/v1/disputes", case_body(), 403)

    def test_found_by_number_or_title(self):
        d = self.create(title="邻里漏水纠纷甲")
        other = self.create(title="噪音纠纷乙")
        q = urllib.parse.quote
        for text in (d["number"], d["number"][-4:], "漏水纠纷甲"):
            _, lst = self.call("gw10", "GET", "/api/v1/disputes?q=" + q(text), None, 200)
            ids = [x["id"] for x in lst["items"]]
            self.assertIn(d["id"], ids, text)
            self.assertNotIn(other["id"], ids, text)
        _, lst = self.call("gw11", "GET", "/api/v1/disputes?q=" + q(d["number"]), None, 200)
        self.assertEqual(lst["items"], [])  # outside grid 11's reach
        _, lst = self.call("gw10", "GET", "/api/v1/disputes?q=%25", None, 200)
        self.assertEqual(lst["items"], [])  # a wildcard is a plain character
        _, out = self.call("gw10", "GET", "/api/v1/disputes?q=" + "x" * 101, None, 422)
        self.assertEqual(out["error"]["field"], "q")

    def test_escalation_by_hand_and_by_the_sweeper(self):
        d = self.create()
        cid = d["id"]
        self.assertEqual(d["level"], 1)
        self.act("gw10", cid, "escalate", {}, 422)
        d = self.act("gw10", cid, "escalate", {"reason": "楼栋长无法协调"})
        self.assertEqual(d["level"], 2)
        d = self.act("gw10", cid, "escalate", {"reason": "升社区"})
        self.assertEqual(d["level"], 3)
        self.assertEqual(d["unit"]["id"], 2)
        # handed up to the community: the grid worker reaches it no more
        self.call("gw10", "GET", "/api/v1/disputes/%d" % cid, None, 404)
        # level 3's limit passed: the sweeper thread moves it to the street
        db = sqlite3.connect(self.db, timeout=10)
        db.execute("UPDATE disputes SET level_due = ? WHERE id = ?", (int(time.time()) - 60, cid))
        db.commit()
        db.close()
        deadline = time.time() + fq.WAIT_S
        while time.time() < deadline:
            # the street's mediator: the community loses sight of it at level 4
            _, d = self.call("med", "GET", "/api/v1/disputes/%d" % cid)
            if d.get("level") == 4:
                break
            time.sleep(0.3)
        _, d = self.call("med", "GET", "/api/v1/disputes/%d" % cid, None, 200)
        self.assertEqual(d["level"], 4)
        self.assertEqual(d["unit"]["id"], 1)
        self.assertEqual(d["timeline"][-1]["actor"], None)
        self.assertEqual(d["timeline"][-1]["event"], "escalate")
        # the community no longer reaches it; the top of the ladder is 4
        self.call("com2", "GET", "/api/v1/disputes/%d" % cid, None, 404)
        err = self.act("med", cid, "escalate", {"reason": "x"}, 409)
        self.assertEqual(err["error"]["field"], "level")

    def test_limits(self):
        st, err = self.call("gw10", "POST", "/api/v1/disputes", case_body(title="长" * 101), 422)
        self.assertEqual(err["error"]["field"], "title")
        parties = [{"name": "甲%d" % i, "role": "applicant"} for i in range(21)]
        st, err = self.call("gw10", "POST", "/api/v1/disputes", case_body(parties=parties), 413)
        self.assertEqual(err["error"]["field"], "parties")
        st, err = self.call("gw10", "POST", "/api/v1/disputes", case_body(type="weather"), 422)
        self.assertEqual(err["error"]["field"], "type")
        st, err = self.call("gw10", "POST", "/api/v1/disputes",
                            case_body(parties=[{"person_id": 1001, "role": "applicant"}]), 422)
        self.assertEqual(err["error"]["field"], "parties")
        cid, a, b = self.walk_to_agreement()
        terms = [{"text": "条款%d" % i} for i in range(31)]
        st, err = self.call("med", "POST", "/api/v1/disputes/%d/agreement" % cid,
                            {"facts": "f", "points": "p", "responsibilities": "r", "terms": terms},
                            413)
        self.assertEqual(err["error"]["field"], "terms")
        st, err = self.call("med", "POST", "/api/v1/disputes/%d/sessions" % cid,
                            {"place": "p", "record": "记" * 8001}, 422)
        self.assertEqual(err["error"]["field"], "record")

    def test_phones_masked_and_reveal_audited(self):
        d = self.create()
        cid = d["id"]
        p = d["parties"][0]
        self.assertNotEqual(p["phone"], phone(1001))
        self.assertIn("*", p["phone"])
        path = "/api/v1/disputes/%d/parties/%d/reveal" % (cid, p["id"])
        self.call("gw10", "POST", path, {}, 403)
        _, r = self.call("com2", "POST", path, {}, 200)
        self.assertEqual(r["phone"], phone(1001))
        st, h, _ = self.srv.request("POST", path, {}, {"Authorization": "Bearer " +
                                                      self.tokens["com2"]})
        self.assertEqual((st, h.get("Cache-Control")), (200, "no-store"))
        self.call("gw11", "POST", path, {}, 404)
        db = sqlite3.connect(self.db, timeout=10)
        n = db.execute("SELECT count(*) FROM audit_log WHERE action = 'reveal' AND subject = ?",
                       ("dispute_party:%d" % p["id"],)).fetchone()[0]
        db.close()
        self.assertEqual(n, 2)


if __name__ == "__main__":
    fq.main()
