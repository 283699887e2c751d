"""The request categories and the working-day calendar over real HTTP: the
seed catalogue every fresh database gets (classes, sub-categories, start
levels, priorities, icons, limits per level), the administrator's edits
and their validation (422 naming the field, a failed edit changes
nothing, non-admins 403, audited), new sub-categories, the calendar's
overrides per year and their edits, and a calendar edit moving the
deadline of a request raised afterwards.

The database comes from `fengqiao init` (which seeds the catalogue) with a
small tree added by Python's sqlite3 and accounts by `fengqiao user add`."""
import datetime
import json
import os
import sqlite3
import tempfile
import unittest

import fq

PASSWORD = "catalogue-test-1"
GRID = [[112.40, 34.60], [112.41, 34.60], [112.41, 34.61], [112.40, 34.61], [112.40, 34.60]]
TZ = datetime.timezone(datetime.timedelta(hours=8))

# username, roles, unit code, person
ACCOUNTS = [
    ("admin", "admin", None, None),
    ("disp", "dispatcher", "410306001", None),
    ("gw1", "grid_worker", "410306001001001", None),
    ("res1", "resident", "410306001001001", 1001),
]

WORKDAY_LIMITS = [{"accept": {"amount": 1, "unit": "workdays"},
                   "resolve": {"amount": 2, "unit": "workdays"}}] * 4


def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath in (
            (1, None, "street", "410306001", "吉利街道", "/1/"),
            (2, 1, "community", "410306001001", "枫桥社区", "/1/2/"),
            (10, 2, "grid", "410306001001001", "枫桥第一网格", "/1/2/10/"),
            (20, 10, "building", "B20", "1号楼", "/1/2/10/20/")):
        boundary = json.dumps({"type": "Polygon", "coordinates": [GRID]}) if kind == "grid" else None
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id, boundary,"
                   " lat, lon) VALUES (?,?,?,?,?,?,1,?,?,?)",
                   (uid, parent, kind, code, name, upath, boundary,
                    34.605 if kind == "building" else None,
                    112.405 if kind == "building" else None))
    db.execute("INSERT INTO grid_rtree VALUES (10, 112.40, 112.41, 34.60, 34.61)")
    db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
               " VALUES (100, 'H100', 20, 10, '金沙路1号', 1)")
    db.execute("INSERT INTO persons(id, household_id, name, relation, street_id)"
               " VALUES (1001, 100, '张三', '户主', 1)")
    db.commit()
    db.close()
    for username, roles, unit, person in ACCOUNTS:
        extra = (["--unit", unit] if unit else []) + (["--person-id", str(person)] if person else [])
        fq.run("user", "add", "--db", path, "--username", username, "--role", roles, *extra,
               stdin=PASSWORD + "\n")


class CatalogueTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-catalogue-")
        cls.db = os.path.join(cls.dir, "cat.db")
        build_db(cls.db)
        cls.srv = fq.Server(db=cls.db)
        cls.tokens = {}
        for username, _, _, _ in ACCOUNTS:
            st, body = cls.srv.json("POST", "/api/v1/session",
                                    {"username": username, "password": PASSWORD})
            assert st in (200, 201), (username, st, body)
            cls.tokens[username] = body["token"]

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def call(self, user, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.tokens[user]} if user else {}
        st, _, raw = self.srv.request(method, path, body, headers)
        text = raw.decode()
        return st, json.loads(text) if text else None

    def ok(self, user, method, path, body=None, status=200):
        st, out = self.call(user, method, path, body)
        self.assertEqual(st, status, out)
        return out

    def tree(self, user="res1"):
        return self.ok(user, "GET", "/api/v1/categories")["items"]

    def by_code(self, code):
        for top in self.tree("admin"):
            if top["code"] == code:
                return top
            for sub in top["children"]:
                if sub["code"] == code:
                    return sub
        self.fail("no category " + code)

    def audit(self, action):
        db = sqlite3.connect(self.db)
        rows = db.execute("SELECT subject, detail FROM audit_log WHERE action = ?"
                          " ORDER BY id", (action,)).fetchall()
        db.close()
        return rows

    # -- the seed --

    def test_seed_catalogue_tree(self):
        tops = self.tree()
        self.assertEqual([t["name"] for t in tops],
                         ["矛盾纠纷", "治安与安全隐患", "民生服务", "环境卫生", "物业管理",
                          "停车与交通", "设施维修", "邻里关系"])
        subs = {s["code"]: s for t in tops for s in t["children"]}
        self.assertEqual([s["name"] for s in tops[0]["children"]],
                         ["邻里纠纷", "婚姻家庭", "物业纠纷", "劳资纠纷", "房屋宅基地", "山林土地",
                          "其他纠纷"])
        self.assertEqual(len(set(subs) - {"safety.flood"}), 32)  # one test adds safety.flood
        for t in tops:
            self.assertIsNone(t["parent_id"])
            for s in t["children"]:
                self.assertEqual(s["parent_id"], t["id"])
                self.assertTrue(s["code"].startswith(t["code"] + "."), s["code"])
                self.assertTrue(s["icon"])
                self.assertTrue(s["name_en"])
                self.assertEqual([lv["level"] for lv in s["limits"]], [1, 2, 3, 4])
                for lv in s["limits"]:
                    for k in ("accept", "resolve"):
                        self.assertIn(lv[k]["unit"], ("hours", "workdays"))
                        self.assertGreater(lv[k]["amount"], 0)
        gas = subs["safety.gas"]
        self.assertEqual((gas["name"], gas["start_level"], gas["priority"]),
                         ("燃气泄漏/气味", 3, 1))
        self.assertEqual(gas["limits"][2]["accept"], {"amount": 1, "unit": "hours"})
        self.assertEqual(gas["limits"][2]["resolve"], {"amount": 24, "unit": "hours"})
        self.assertEqual(gas["limits"][2]["level_name"], "社区/村")
        self.assertEqual(subs["property.corridor_light"]["start_level"], 1)
        self.assertEqual(subs["facility.manhole"]["priority"], 1)
        labour = subs["dispute.labour"]["limits"][3]["resolve"]
        self.assertEqual(labour, {"amount": 15, "unit": "workdays"})

    def test_categories_need_login(self):
        st, _ = self.call(None, "GET", "/api/v1/categories")
        self.assertEqual(st, 401)

    # -- edits --

    def test_admin_edits_category(self):
        noise = self.by_code("environment.noise")
        limits = [{"accept": {"amount": 3, "unit": "hours"},
                   "resolve": {"amount": 4 + i, "unit": "workdays"}} for i in range(4)]
        out = self.ok("admin", "PUT", "/api/v1/categories/%d" % noise["id"],
                      {"name": "噪音扰民(夜间)", "icon": "🔇", "start_level": 1, "priority": 1,
                       "limits": limits})
        self.assertEqual(out["name"], "噪音扰民(夜间)")
        self.assertEqual(out["name_en"], noise["name_en"])  # untouched fields are kept
        again = self.by_code("environment.noise")
        self.assertEqual((again["icon"], again["start_level"], again["priority"]), ("🔇", 1, 1))
        self.assertEqual(again["limits"][3]["resolve"], {"amount": 7, "unit": "workdays"})
        self.assertEqual(again["limits"][0]["accept"], {"amount": 3, "unit": "hours"})
        self.assertTrue(any(s == "category:%d" % noise["id"] for s, _ in
                            self.audit("category.update")))
        out = self.ok("admin", "PUT", "/api/v1/categories/%d" % noise["id"], {"active": False})
        self.assertFalse(out["active"])
        self.assertEqual(out["name"], "噪音扰民(夜间)")

    def test_edit_validation_names_the_field(self):
        cat = self.by_code("environment.garbage")
        url = "/api/v1/categories/%d" % cat["id"]
        good = [{"accept": {"amount": 2, "unit": "hours"},
                 "resolve": {"amount": 3, "unit": "workdays"}}] * 4

        def bad(body, field):
            st, out = self.call("admin", "PUT", url, body)
            self.assertEqual(st, 422, out)
            self.assertEqual(out["error"]["field"], field, out)

        limits = [dict(x) for x in good]
        limits[1] = {"accept": {"amount": 2, "unit": "hours"},
                     "resolve": {"amount": 3, "unit": "fortnights"}}
        bad({"limits": limits}, "limits[2].resolve")
        limits[1] = {"accept": {"amount": 0, "unit": "hours"},
                     "resolve": {"amount": 3, "unit": "workdays"}}
        bad({"limits": limits}, "limits[2].accept")
        limits[1] = {"accept": {"amount": 2, "unit": "hours"},
                     "resolve": {"amount": 251, "unit": "workdays"}}
        bad({"limits": limits}, "limits[2].resolve")
        limits[1] = {"accept": {"amount": "2", "unit": "hours"},
                     "resolve": {"amount": 3, "unit": "workdays"}}
        bad({"limits": limits}, "limits[2].accept")
        bad({"limits": good[:3]}, "limits")
        bad({"limits": "fast"}, "limits")
        bad({"start_level": 5}, "start_level")
        bad({"priority": 0}, "priority")
        bad({"name": ""}, "name")
        bad({"name": "长" * 33}, "name")
        bad({"colour": "red"}, "colour")
        bad({"code": "environment.rubbish"}, "code")  # a code is never edited
        bad({"name": "好名字", "start_level": 9}, "start_level")
        # none of the refused edits changed anything
        self.assertEqual(self.by_code("environment.garbage"), cat)

    def test_limits_must_not_shrink(self):
        """The resolve limit is not shorter than the accept limit, and no
        limit is shorter than the level below's (a working day counts as
        24 hours when units differ); the 422 names the field."""
        cat = self.by_code("dispute.neighbour")
        url = "/api/v1/categories/%d" % cat["id"]
        good = [{"accept": {"amount": 2, "unit": "hours"},
                 "resolve": {"amount": 24, "unit": "hours"}},
                {"accept": {"amount": 2, "unit": "hours"},
                 "resolve": {"amount": 1, "unit": "workdays"}},
                {"accept": {"amount": 1, "unit": "workdays"},
                 "resolve": {"amount": 5, "unit": "workdays"}},
                {"accept": {"amount": 24, "unit": "hours"},
                 "resolve": {"amount": 5, "unit": "workdays"}}]

        def bad(level, kind, limit, field, floor):
            limits = [dict(x) for x in good]
            limits[level - 1] = dict(limits[level - 1], **{kind: limit})
            st, out = self.call("admin", "PUT", url, {"limits": limits})
            self.assertEqual(st, 422, out)
            self.assertEqual(out["error"]["field"], field, out)
            self.assertEqual(out["error"]["message"], "must not be shorter than " + floor)

        # the case: accept 5 working days, resolve 1 hour
        bad(1, "accept", {"amount": 5, "unit": "workdays"}, "limits[1].resolve", "limits[1].accept")
        bad(2, "resolve", {"amount": 23, "unit": "hours"}, "limits[2].resolve", "limits[1].resolve")
        bad(3, "accept", {"amount": 1, "unit": "hours"}, "limits[3].accept", "limits[2].accept")
        bad(4, "resolve", {"amount": 4, "unit": "workdays"}, "limits[4].resolve",
            "limits[3].resolve")
        self.assertEqual(self.by_code("dispute.neighbour"), cat)
        out = self.ok("admin", "PUT", url, {"limits": good})
        self.assertEqual(out["limits"][3]["accept"], {"amount": 24, "unit": "hours"})

    def test_danger_warning(self):
        """Gas and fire warn with 119 from the seed; the admin marks another
        category and sets its numbers; bad numbers are refused by name."""
        gas = self.by_code("safety.gas")
        self.assertTrue(gas["danger"])
        self.assertEqual(gas["danger_calls"], [{"number": "119", "label": "消防（火警）"}])
        self.assertTrue(self.by_code("safety.fire")["danger"])
        self.assertFalse(self.by_code("traffic.parking")["danger"])
        self.assertEqual(self.by_code("traffic.parking")["danger_calls"], [])
        cat = self.by_code("facility.manhole")
        url = "/api/v1/categories/%d" % cat["id"]

        def bad(body, field):
            st, out = self.call("admin", "PUT", url, body)
            self.assertEqual(st, 422, out)
            self.assertEqual(out["error"]["field"], field, out)

        bad({"danger": True}, "danger_calls")
        bad({"danger": True, "danger_calls": []}, "danger_calls")
        bad({"danger": "yes"}, "danger")
        bad({"danger_calls": [{"number": "12", "label": "短"}]}, "danger_calls[1].number")
        bad({"danger_calls": [{"number": "119", "label": "x"},
                              {"number": "0731 1", "label": "y"}]}, "danger_calls[2].number")
        bad({"danger_calls": [{"number": "-119", "label": "x"}]}, "danger_calls[1].number")
        bad({"danger_calls": [{"number": "119", "label": ""}]}, "danger_calls[1].label")
        bad({"danger_calls": [{"number": "119", "label": "长" * 17}]}, "danger_calls[1].label")
        bad({"danger_calls": [{"number": "119", "label": "a\nb"}]}, "danger_calls[1].label")
        bad({"danger_calls": [{"number": "119"}]}, "danger_calls")
        bad({"danger_calls": [{"number": "119", "label": "x"}] * 4}, "danger_calls")
        self.assertEqual(self.by_code("facility.manhole"), cat)
        calls = [{"number": "119", "label": "消防"}, {"number": "0731-12345", "label": "市政热线"}]
        out = self.ok("admin", "PUT", url, {"danger": True, "danger_calls": calls})
        self.assertTrue(out["danger"])
        self.assertEqual(out["danger_calls"], calls)
        self.assertEqual(self.by_code("facility.manhole")["danger_calls"], calls)
        out = self.ok("admin", "PUT", url, {"danger": False})
        self.assertFalse(out["danger"])
        self.assertEqual(out["danger_calls"], calls)  # kept for the next time

    def test_edit_refused_to_non_admins_and_unknown_ids(self):
        cat = self.by_code("traffic.parking")
        for user in ("disp", "gw1", "res1"):
            st, _ = self.call(user, "PUT", "/api/v1/categories/%d" % cat["id"], {"priority": 1})
            self.assertEqual(st, 403, user)
            st, _ = self.call(user, "POST", "/api/v1/categories",
                              {"code": "traffic.bikes", "parent_id": cat["parent_id"],
                               "name": "共享单车"})
            self.assertEqual(st, 403, user)
        st, _ = self.call("admin", "PUT", "/api/v1/categories/99999", {"priority": 1})
        self.assertEqual(st, 404)
        self.assertEqual(self.by_code("traffic.parking"), cat)

    def test_new_sub_category(self):
        safety = self.by_code("safety")
        out = self.ok("admin", "POST", "/api/v1/categories",
                      {"code": "safety.flood", "parent_id": safety["id"], "name": "内涝积水",
                       "name_en": "Flooding", "icon": "🌊"}, status=201)
        self.assertEqual(out["parent_id"], safety["id"])
        self.assertEqual((out["start_level"], out["priority"]),
                         (safety["start_level"], safety["priority"]))
        self.assertEqual(out["limits"], safety["limits"])
        self.assertTrue(out["active"])
        children = self.by_code("safety")["children"]
        self.assertEqual(children[-1]["code"], "safety.flood")
        self.assertEqual(children[-1]["sort"], children[-2]["sort"] + 1)
        st, err = self.call("admin", "POST", "/api/v1/categories",
                            {"code": "safety.flood", "parent_id": safety["id"], "name": "重复"})
        self.assertEqual(st, 409, err)

        def bad(body, field):
            st, out = self.call("admin", "POST", "/api/v1/categories", body)
            self.assertEqual(st, 422, out)
            self.assertEqual(out["error"]["field"], field, out)

        bad({"code": "service.flood2", "parent_id": safety["id"], "name": "x"}, "code")
        bad({"code": "safety.Bad-Code", "parent_id": safety["id"], "name": "x"}, "code")
        bad({"code": "safety.x", "parent_id": out["id"], "name": "x"}, "parent_id")
        bad({"code": "safety.x", "parent_id": 99999, "name": "x"}, "parent_id")
        bad({"code": "safety.x", "name": "x"}, "parent_id")
        bad({"parent_id": safety["id"], "name": "x"}, "code")
        bad({"code": "safety.x", "parent_id": safety["id"]}, "name")
        bad({"code": "safety.x", "parent_id": safety["id"], "name": "x",
             "limits": [{"accept": {"amount": 1, "unit": "hours"}}] * 4}, "limits[1]")
        self.assertNotIn("safety.x", [c["code"] for c in self.by_code("safety")["children"]])

    # -- the calendar --

    def test_calendar_of_a_year(self):
        out = self.ok("res1", "GET", "/api/v1/calendar?year=2026")
        self.assertEqual(out["year"], 2026)
        days = {d["day"]: d for d in out["items"]}
        self.assertEqual(days["2026-01-01"]["kind"], "holiday")
        self.assertEqual(days["2026-01-01"]["name"], "元旦")
        self.assertTrue(any(d["kind"] == "workday" for d in out["items"]))
        self.assertTrue(all(d["day"].startswith("2026-") for d in out["items"]))
        self.assertEqual(sorted(days), [d["day"] for d in out["items"]])
        self.assertEqual(self.ok("res1", "GET", "/api/v1/calendar?year=2031")["items"], [])
        for bad in ("1999", "2200", "twenty"):
            st, err = self.call("res1", "GET", "/api/v1/calendar?year=" + bad)
            self.assertEqual(st, 422)
            self.assertEqual(err["error"]["field"], "year")

    def test_calendar_edits(self):
        out = self.ok("admin", "PUT", "/api/v1/calendar/2027-03-15",
                      {"kind": "holiday", "name": "测试假日"})
        self.assertEqual(out, {"day": "2027-03-15", "kind": "holiday", "name": "测试假日",
                               "weekday": 1})
        days = {d["day"]: d for d in self.ok("gw1", "GET", "/api/v1/calendar?year=2027")["items"]}
        self.assertEqual(days["2027-03-15"]["name"], "测试假日")
        self.ok("admin", "PUT", "/api/v1/calendar/2027-03-15", {"kind": "workday"})
        days = {d["day"]: d for d in self.ok("gw1", "GET", "/api/v1/calendar?year=2027")["items"]}
        self.assertEqual((days["2027-03-15"]["kind"], days["2027-03-15"]["name"]), ("workday", ""))
        self.ok("admin", "DELETE", "/api/v1/calendar/2027-03-15", status=204)
        days = {d["day"] for d in self.ok("gw1", "GET", "/api/v1/calendar?year=2027")["items"]}
        self.assertNotIn("2027-03-15", days)
        st, _ = self.call("admin", "DELETE", "/api/v1/calendar/2027-03-15")
        self.assertEqual(st, 404)
        self.assertIn("calendar:20270315", [s for s, _ in self.audit("calendar.put")])
        self.assertIn("calendar:20270315", [s for s, _ in self.audit("calendar.delete")])

    def test_calendar_edit_validation_and_roles(self):
        def bad(day, body, field, status=422):
            st, err = self.call("admin", "PUT", "/api/v1/calendar/" + day, body)
            self.assertEqual(st, status, err)
            self.assertEqual(err["error"]["field"], field, err)

        bad("2027-02-30", {"kind": "holiday"}, "day")
        bad("20270301", {"kind": "holiday"}, "day")
        bad("2027-03-01", {"kind": "vacation"}, "kind")
        bad("2027-03-01", {}, "kind")
        bad("2027-03-01", {"kind": "holiday", "name": "长" * 33}, "name")
        bad("2027-03-01", {"kind": "holiday", "when": 1}, "when")
        st, err = self.call("admin", "DELETE", "/api/v1/calendar/someday")
        self.assertEqual((st, err["error"]["field"]), (422, "day"))
        for user in ("disp", "gw1", "res1"):
            st, _ = self.call(user, "PUT", "/api/v1/calendar/2027-03-01", {"kind": "holiday"})
            self.assertEqual(st, 403)
            st, _ = self.call(user, "DELETE", "/api/v1/calendar/2026-01-01")
            self.assertEqual(st, 403)
        days = {d["day"] for d in self.ok("gw1", "GET", "/api/v1/calendar?year=2027")["items"]}
        self.assertNotIn("2027-03-01", days)

    # -- a calendar edit moves the deadlines set after it --

    def raise_request(self, category_id):
        st, out = self.call("res1", "POST", "/api/v1/requests",
                            {"title": "测试期限", "description": "日历", "category": category_id,
                             "household_id": 100})
        if st in (404, 405):
            self.skipTest("request intake is not served yet")
        self.assertEqual(st, 201, out)
        return out

    def test_calendar_edit_moves_new_deadlines(self):
        cat = self.by_code("neighbour.pets")
        self.ok("admin", "PUT", "/api/v1/categories/%d" % cat["id"], {"limits": WORKDAY_LIMITS})
        first = self.raise_request(cat["id"])
        due = datetime.datetime.fromisoformat(first["accept_due"]).astimezone(TZ)
        self.ok("admin", "PUT", "/api/v1/calendar/" + due.strftime("%Y-%m-%d"),
                {"kind": "holiday", "name": "临时假日"})
        second = self.raise_request(cat["id"])
        later = datetime.datetime.fromisoformat(second["accept_due"]).astimezone(TZ)
        self.assertGreater(later.date(), due.date())
        listed = {i["id"]: i for i in self.ok("res1", "GET", "/api/v1/requests")["items"]}
        # deadlines already set do not move
        self.assertEqual(listed[first["id"]]["accept_due"], first["accept_due"])
        self.assertEqual(listed[second["id"]]["accept_due"], second["accept_due"])


if __name__ == "__main__":
    fq.main()
