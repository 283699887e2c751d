"""Requests (诉求) over real HTTP: intake through every channel and role,
idempotent retries, every lifecycle action at least once with its illegal
twin (409 naming the state) and its bad fields (422 naming them), scope
(404 outside it), the timeline of full walks, escalation to the street
with co-handling departments, and the metric counters the walks leave.

The test builds its own small org tree and categories with Python's
sqlite3 module on a database made by `fengqiao init`; one account is made
with `fengqiao user add` and the others share its password hash, so the
setup needs only one Argon2 hash."""
import atexit
import datetime
import json
import math
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unittest

import fq

PASSWORD = "requests-test-pass-1"

GRID_A = [[112.40, 34.60], [112.41, 34.60], [112.41, 34.61], [112.40, 34.61], [112.40, 34.60]]
GRID_B = [[112.41, 34.60], [112.42, 34.60], [112.42, 34.61], [112.41, 34.61], [112.41, 34.60]]
GRID_C = [[112.40, 34.62], [112.43, 34.62], [112.43, 34.65], [112.40, 34.65], [112.40, 34.62]]
IN_A = (34.605, 112.405)
IN_B = (34.605, 112.415)
IN_C = (34.63, 112.42)


def gcj02(lat, lon):
    """The GCJ-02 point of a WGS 84 point in China: the formula of the map
    SDKs, written out here as the oracle of the server's conversion."""
    x, y = lon - 105.0, lat - 35.0
    sin = lambda v: math.sin(v * math.pi)
    dlat = (-100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + (20 * sin(6 * x) + 20 * sin(2 * x)) * 2 / 3
            + (20 * sin(y) + 40 * sin(y / 3)) * 2 / 3
            + (160 * sin(y / 12) + 320 * sin(y / 30)) * 2 / 3)
    dlon = (300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + (20 * sin(6 * x) + 20 * sin(2 * x)) * 2 / 3
            + (20 * sin(x) + 40 * sin(x / 3)) * 2 / 3
            + (150 * sin(x / 12) + 300 * sin(x / 30)) * 2 / 3)
    a, ee = 6378245.0, 0.00669342162296594323
    rad = lat / 180 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    dlat = dlat * 180 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    dlon = dlon * 180 / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lat + dlat, lon + dlon
OUTSIDE = (35.5, 113.5)
# the door of building 22 (in grid B), and its street address
DOOR_22 = (34.6062, 112.4163)
ADDRESS_22 = "金沙路22号"

# id, parent, kind, code, name, path, ring
UNITS = [
    (1, None, "street", "T410306001", "吉利街道", "/1/", None),
    (2, 1, "community", "T410306001001", "枫桥社区", "/1/2/", None),
    (3, 1, "village", "T410306001002", "河阳村", "/1/3/", None),
    (10, 2, "grid", "T410306001001001", "枫桥第一网格", "/1/2/10/", GRID_A),
    (11, 2, "grid", "T410306001001002", "枫桥第二网格", "/1/2/11/", GRID_B),
    (12, 3, "grid", "T410306001002001", "河阳网格", "/1/3/12/", GRID_C),
    (20, 10, "building", "TB20", "1号楼", "/1/2/10/20/", None),
    (21, 10, "building", "TB21", "2号楼", "/1/2/10/21/", None),
    (22, 11, "building", "TB22", "3号楼", "/1/2/11/22/", None),
    (23, 12, "building", "TB23", "村东片", "/1/3/12/23/", None),
    (30, 1, "department", "TD30", "城管中队", "/1/30/", None),
    (31, 1, "department", "TD31", "住建办", "/1/31/", None),
]

HOUSEHOLDS = {100: (20, 10), 101: (20, 10), 102: (20, 10), 103: (21, 10),
              110: (22, 11), 111: (22, 11), 120: (23, 12)}

# leader id, kind, unit, person, linked households
LEADERS = [(1, "neighbour", 10, 1001, [100, 101, 102]),
           (2, "neighbour", 11, 1101, [110, 111])]

# username, role, unit id (None: the whole deployment), person
ACCOUNTS = [
    ("res1", "resident", 10, 1021),     # household 102, linked to lead1
    ("res2", "resident", 11, 1102),     # household 110, linked to lead2
    ("res3", "resident", 12, 1201),     # household 120: no 邻长, no grid worker
    ("lead1", "leader", 10, 1001),
    ("lead2", "leader", 11, 1101),
    ("bld", "building_leader", 20, None),
    ("gw_a", "grid_worker", 10, None),
    ("gw_b", "grid_worker", 11, None),
    ("com", "community_officer", 2, None),
    ("vil", "community_officer", 3, None),
    ("disp", "dispatcher", 1, None),
    ("sup", "supervisor", 1, None),
    ("dept1", "department_officer", 30, None),
    ("dept2", "department_officer", 31, None),
]

# code, name, start level, priority, (accept, unit, resolve, unit)
CATEGORIES = [
    ("test.light", "楼道灯", 1, 3, (24, "hours", 3, "workdays")),
    ("test.garbage", "垃圾", 2, 2, (24, "hours", 5, "workdays")),
    ("test.gas", "燃气", 3, 1, (2, "hours", 24, "hours")),
    ("test.road", "道路", 4, 2, (2, "workdays", 10, "workdays")),
    ("test.retired", "停用", 2, 2, (24, "hours", 5, "workdays")),
]


def build_db(path):
    fq.run("init", "--db", path)
    fq.run("user", "add", "--db", path, "--username", "admin", "--role", "admin",
           stdin=PASSWORD + "\n")
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath, ring in UNITS:
        boundary = json.dumps({"type": "Polygon", "coordinates": [ring]}) if ring else None
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id, boundary)"
                   " VALUES (?,?,?,?,?,?,1,?)", (uid, parent, kind, code, name, upath, boundary))
        if ring:
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            db.execute("INSERT INTO grid_rtree VALUES (?,?,?,?,?)",
                       (uid, min(lons), max(lons), min(lats), max(lats)))
    db.execute("UPDATE units SET lat = ?, lon = ?, address = ? WHERE id = 22",
               DOOR_22 + (ADDRESS_22,))
    for hh, (building, grid) in HOUSEHOLDS.items():
        db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
                   " VALUES (?,?,?,?,?,1)", (hh, "TH%d" % hh, building, grid, "金沙路%d号" % hh))
        for person, relation in ((hh * 10 + 1, "户主"), (hh * 10 + 2, "配偶")):
            db.execute("INSERT INTO persons(id, household_id, name, phone, relation, street_id)"
                       " VALUES (?,?,?,?,?,1)",
                       (person, hh, "张%d" % person, "139%08d" % person, relation))
    for lid, kind, unit, person, linked in LEADERS:
        db.execute("INSERT INTO leaders(id, person_id, kind, unit_id, street_id)"
                   " VALUES (?,?,?,?,1)", (lid, person, kind, unit))
        for hh in linked:
            db.execute("INSERT INTO leader_households VALUES (?,?)", (lid, hh))
    (pw_hash,) = db.execute("SELECT password_hash FROM accounts WHERE username = 'admin'").fetchone()
    for username, role, unit, person in ACCOUNTS:
        cur = db.execute("INSERT INTO accounts(username, display_name, password_hash, person_id)"
                         " VALUES (?,?,?,?)", (username, username.upper(), pw_hash, person))
        db.execute("INSERT INTO account_roles VALUES (?,?,?)", (cur.lastrowid, role, unit or 0))
    for code, name, level, prio, (aa, au, ra, ru) in CATEGORIES:
        cur = db.execute("INSERT INTO categories(code, name, start_level, priority, active)"
                         " VALUES (?,?,?,?,?)", (code, name, level, prio, 0 if "retired" in code else 1))
        for lv in range(1, 5):
            db.execute("INSERT INTO category_limits VALUES (?,?,?,?,?,?)",
                       (cur.lastrowid, lv, aa, au, ra, ru))
    db.commit()
    db.close()


_TEMPLATE = None


def _forget_template():
    if _TEMPLATE:
        shutil.rmtree(os.path.dirname(_TEMPLATE), ignore_errors=True)


atexit.register(_forget_template)


def fresh_db():
    """A copy of the test tree's database (built once per run)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        d = tempfile.mkdtemp(prefix="fq-req-tpl-")
        _TEMPLATE = os.path.join(d, "tpl.db")
        build_db(_TEMPLATE)
    d = tempfile.mkdtemp(prefix="fq-req-")
    path = os.path.join(d, "req.db")
    shutil.copy(_TEMPLATE, path)
    return path


NUMBER = re.compile(r"^FQ\d{8}\d{6}$")


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = fresh_db()
        cls.srv = fq.Server(db=cls.db)
        cls.tokens = {}
        for username in ["admin"] + [a[0] for a in ACCOUNTS]:
            st, body = cls.srv.json("POST", "/api/v1/session",
                                    {"username": username, "password": PASSWORD})
            assert st in (200, 201), (username, st, body)
            cls.tokens[username] = body["token"]
        db = sqlite3.connect(cls.db)
        cls.accounts = dict(db.execute("SELECT username, id FROM accounts"))
        db.close()

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(os.path.dirname(cls.db), ignore_errors=True)

    def call(self, user, method, path, body=None, headers=None):
        h = {"Authorization": "Bearer " + self.tokens[user]}
        h.update(headers or {})
        return self.srv.json(method, path, body, h)

    def create(self, user, body, status=201, headers=None):
        st, resp = self.call(user, "POST", "/api/v1/requests", body, headers)
        self.assertEqual(st, status, resp)
        return resp

    def act(self, user, rid, action, body=None, status=200):
        st, resp = self.call(user, "POST", "/api/v1/requests/%d/%s" % (rid, action),
                             body if body is not None else {})
        self.assertEqual(st, status, resp)
        return resp

    def get(self, user, rid, status=200):
        st, resp = self.call(user, "GET", "/api/v1/requests/%d" % rid)
        self.assertEqual(st, status, resp)
        return resp

    def conflict(self, user, rid, action, body, state):
        resp = self.act(user, rid, action, body, 409)
        self.assertEqual(resp["error"]["code"], "conflict")
        self.assertIn(state, resp["error"]["message"])

    def invalid(self, user, rid, action, body, field):
        resp = self.act(user, rid, action, body, 422)
        self.assertEqual(resp["error"]["field"], field, resp)

    def events(self, view):
        return [e["event"] for e in view["timeline"]]

    def requests_count(self):
        db = sqlite3.connect(self.db)
        (n,) = db.execute("SELECT count(*) FROM requests").fetchone()
        db.close()
        return n

    def garbage(self, user="res2", where=IN_B, **extra):
        body = {"title": "垃圾没人清", "description": "三天了", "category": "test.garbage",
                "lat": where[0], "lon": where[1]}
        body.update(extra)
        return self.create(user, body)


class IntakeTest(Base):
    def test_self_level_one_goes_to_the_linked_leader(self):
        r = self.create("res1", {"title": "楼道灯坏了", "category": "test.light",
                                 "channel": "self", "address": "1号楼3单元"})
        self.assertRegex(r["number"], NUMBER)
        self.assertEqual(r["state"], "dispatched")
        self.assertEqual(r["level"], 1)
        self.assertEqual(r["assignee"]["account_id"], self.accounts["lead1"])
        self.assertEqual(r["assignee"]["role"], "leader")
        self.assertEqual(r["assignee"]["name"], "LEAD1")
        self.assertLess(r["accept_due"], r["resolve_due"])
        view = self.get("res1", r["id"])
        self.assertEqual(self.events(view), ["submitted", "dispatched"])
        self.assertEqual(view["timeline"][0]["new_level"], 1)
        self.assertEqual(view["timeline"][0]["actor"]["id"], self.accounts["res1"])
        self.assertIsNone(view["timeline"][1]["actor"])
        self.assertEqual(view["location"]["grid"]["id"], 10)
        self.assertEqual(view["location"]["household_id"], 102)
        self.assertEqual(view["channel"], "self")
        self.assertEqual(view["photos"], [])
        self.assertEqual(view["cohandlers"], [])
        self.assertIn("remind", view["actions"])
        self.assertNotIn("accept", view["actions"])
        lead_view = self.get("lead1", r["id"])
        self.assertIn("accept", lead_view["actions"])
        self.assertEqual(lead_view["reporter"]["name"], "张1021")
        self.assertEqual(lead_view["reporter"]["phone"], "139****1021")

    def test_numbers_are_unique_and_sequential(self):
        a = self.garbage()
        b = self.garbage()
        self.assertEqual(a["number"][:10], b["number"][:10])
        self.assertEqual(int(b["number"][10:]), int(a["number"][10:]) + 1)

    def test_self_by_point_goes_to_the_grid_worker(self):
        r = self.garbage()
        self.assertEqual(r["level"], 2)
        self.assertEqual(r["assignee"]["account_id"], self.accounts["gw_b"])
        self.assertEqual(r["assignee"]["role"], "grid_worker")
        self.assertEqual(r["assignee"]["unit"]["id"], 11)

    def test_point_from_a_gcj02_map_is_stored_in_wgs84(self):
        g = gcj02(*IN_B)
        self.assertGreater(abs(g[0] - IN_B[0]) + abs(g[1] - IN_B[1]), 1e-3)
        r = self.garbage(where=g, crs="gcj02")
        loc = self.get("res2", r["id"])["location"]
        self.assertAlmostEqual(loc["lat"], IN_B[0], places=6)
        self.assertAlmostEqual(loc["lon"], IN_B[1], places=6)
        self.assertEqual(r["assignee"]["unit"]["id"], 11)
        same = self.garbage(where=IN_B, crs="wgs84")
        self.assertAlmostEqual(self.get("res2", same["id"])["location"]["lat"], IN_B[0], places=9)
        before = self.requests_count()
        bad = self.create("res2", {"title": "t", "category": "test.garbage", "lat": IN_B[0],
                                   "lon": IN_B[1], "crs": "bd09"}, 422)
        self.assertEqual(bad["error"]["field"], "crs")
        self.assertEqual(self.requests_count(), before)

    def test_duplicates_are_offered(self):
        first = self.create("res2", {"title": "井盖丢了", "category": "test.gas",
                                     "lat": 34.6001, "lon": 112.4101})
        second = self.create("res2", {"title": "井盖没了", "category": "test.gas",
                                      "lat": 34.6002, "lon": 112.4102})
        ids = [d["id"] for d in second["duplicates"]]
        self.assertIn(first["id"], ids)
        dup = next(d for d in second["duplicates"] if d["id"] == first["id"])
        self.assertEqual(dup["number"], first["number"])
        self.assertEqual(dup["state"], "dispatched")
        self.assertLess(dup["distance_m"], 30)
        far = self.create("res3", {"title": "井盖", "category": "test.gas",
                                   "lat": IN_C[0], "lon": IN_C[1]})
        self.assertNotIn(first["id"], [d["id"] for d in far["duplicates"]])

    def test_category_by_id_and_fallback_up_the_ladder(self):
        db = sqlite3.connect(self.db)
        (cid,) = db.execute("SELECT id FROM categories WHERE code = 'test.light'").fetchone()
        db.close()
        r = self.create("res3", {"title": "灯", "category": cid, "address": "村东片"})
        self.assertEqual(r["level"], 3)
        self.assertEqual(r["assignee"]["account_id"], self.accounts["vil"])
        view = self.get("res3", r["id"])
        self.assertEqual(view["timeline"][1]["old_level"], 1)
        self.assertEqual(view["timeline"][1]["new_level"], 3)

    def test_proxy_for_a_linked_household(self):
        r = self.create("lead1", {"title": "代报：漏水", "category": "test.light",
                                  "channel": "proxy", "household_id": 101})
        view = self.get("lead1", r["id"])
        self.assertEqual(view["location"]["household_id"], 101)
        self.assertEqual(view["reporter"]["person_id"], 1011)
        self.create("lead1", {"title": "x", "category": "test.light", "channel": "proxy",
                              "household_id": 110}, 404)
        err = self.create("lead1", {"title": "x", "category": "test.light",
                                    "channel": "proxy", "address": "somewhere"}, 422)
        self.assertEqual(err["error"]["field"], "household_id")
        err = self.create("res1", {"title": "x", "category": "test.light", "channel": "proxy",
                                   "household_id": 102}, 403)
        self.assertEqual(err["error"]["field"], "channel")

    def test_hotline(self):
        r = self.create("disp", {"title": "燃气味", "category": "test.gas", "channel": "hotline",
                                 "caller_name": "王先生", "caller_phone": "13900001101",
                                 "building_id": 22})
        self.assertEqual(r["level"], 3)
        self.assertEqual(r["assignee"]["account_id"], self.accounts["com"])
        view = self.get("com", r["id"])
        self.assertEqual(view["reporter"]["name"], "王先生")
        self.assertEqual(view["reporter"]["phone"], "139****1101")
        self.assertEqual(view["reporter"]["person_id"], 1101)
        self.assertEqual(view["location"]["household_id"], 110)
        self.assertNotIn("13900001101", json.dumps(view))
        body = {"title": "x", "category": "test.gas", "channel": "hotline",
                "caller_name": "王", "building_id": 22}
        self.assertEqual(self.create("disp", body, 422)["error"]["field"], "caller_phone")
        body["caller_phone"] = "12"
        self.assertEqual(self.create("disp", body, 422)["error"]["field"], "caller_phone")
        body["caller_phone"] = "13900001101"
        self.assertEqual(self.create("res1", body, 403)["error"]["field"], "channel")
        admin = self.create("admin", body)
        self.assertEqual(admin["level"], 3)

    def test_a_building_gives_its_point(self):
        """A request located by building, without a point, takes the building's
        door; the detail names the building with its address and point; a point
        given wins; a building without a point leaves the request without one."""
        body = {"title": "楼道堆物", "category": "test.garbage", "channel": "hotline",
                "caller_name": "王先生", "caller_phone": "13900001101", "building_id": 22}
        loc = self.get("disp", self.create("disp", body)["id"])["location"]
        self.assertEqual((loc["lat"], loc["lon"]), DOOR_22)
        self.assertEqual(loc["building"], {"id": 22, "name": "3号楼", "address": ADDRESS_22,
                                           "lat": DOOR_22[0], "lon": DOOR_22[1]})
        self.assertEqual(loc["grid"]["id"], 11)
        given = dict(body, lat=IN_B[0], lon=IN_B[1])
        loc = self.get("disp", self.create("disp", given)["id"])["location"]
        self.assertEqual((loc["lat"], loc["lon"]), IN_B)
        self.assertEqual(loc["building"]["id"], 22)
        bare = dict(body, building_id=21)
        loc = self.get("disp", self.create("disp", bare)["id"])["location"]
        self.assertIsNone(loc["lat"])
        self.assertEqual(loc["building"], {"id": 21, "name": "2号楼", "address": None,
                                           "lat": None, "lon": None})
        # by the reporter's household (110, in building 22): its building
        r = self.create("res2", {"title": "门禁坏了", "category": "test.light",
                                 "channel": "self", "address": "3号楼"})
        loc = self.get("res2", r["id"])["location"]
        self.assertEqual(loc["building"]["id"], 22)
        self.assertEqual((loc["lat"], loc["lon"]), DOOR_22)

    def test_visit_and_inspection(self):
        r = self.create("com", {"title": "三听三问：老人独居", "category": "test.garbage",
                                "channel": "visit", "household_id": 103})
        self.assertEqual(r["assignee"]["account_id"], self.accounts["gw_a"])
        err = self.create("vil", {"title": "x", "category": "test.garbage", "channel": "visit",
                                  "lat": IN_A[0], "lon": IN_A[1]}, 422)
        self.assertEqual(err["error"]["field"], "location")
        r = self.create("gw_a", {"title": "隐患：电动车楼道充电", "category": "test.garbage",
                                 "channel": "inspection", "lat": IN_A[0], "lon": IN_A[1]})
        self.assertEqual(r["level"], 2)
        err = self.create("gw_a", {"title": "x", "category": "test.garbage",
                                   "channel": "inspection", "lat": IN_B[0], "lon": IN_B[1]}, 422)
        self.assertEqual(err["error"]["field"], "location")
        err = self.create("com", {"title": "x", "category": "test.garbage",
                                  "channel": "inspection", "lat": IN_A[0], "lon": IN_A[1]}, 403)
        self.assertEqual(err["error"]["field"], "channel")

    def test_bad_fields_name_the_field(self):
        ok = {"title": "t", "category": "test.garbage", "lat": IN_B[0], "lon": IN_B[1]}
        cases = [
            (dict(ok, title="长" * 61), "title"),
            (dict(ok, title="   "), "title"),
            ({k: v for k, v in ok.items() if k != "category"}, "category"),
            (dict(ok, category="no.such"), "category"),
            (dict(ok, category="test.retired"), "category"),
            (dict(ok, category=[1]), "category"),
            (dict(ok, lat=91), "lat"),
            (dict(ok, lon=-181), "lon"),
            ({k: v for k, v in ok.items() if k != "lon"}, "lon"),
            (dict(ok, lat=OUTSIDE[0], lon=OUTSIDE[1]), "lat"),
            (dict(ok, description="x" * 2001), "description"),
            (dict(ok, address="x" * 201), "address"),
            (dict(ok, channel="fax"), "channel"),
            (dict(ok, anonymous="yes"), "anonymous"),
            (dict(ok, colour="red"), "colour"),
            ({"title": "t", "category": "test.garbage"}, "location"),
            (dict(ok, building_id=10, lat=None, lon=None), "building_id"),
        ]
        before = self.count("requests")
        for body, field in cases:
            err = self.create("res2", body, 422)
            self.assertEqual(err["error"]["field"], field, body)
        self.assertEqual(self.count("requests"), before)

    def test_text_fields_follow_one_rule(self):
        ok = {"title": "t", "category": "test.garbage", "lat": IN_B[0], "lon": IN_B[1]}
        cases = [
            (dict(ok, title="\u200b\u200b\u200b"), "title"),
            (dict(ok, title="\ufeff\u3000 \u00a0"), "title"),
            (dict(ok, title="路灯\r不亮"), "title"),
            (dict(ok, title="路灯\t不亮"), "title"),
            (dict(ok, title="路灯\n不亮"), "title"),
            (dict(ok, title="路灯\u2028不亮"), "title"),
            (dict(ok, address="金沙路\n1号"), "address"),
            (dict(ok, caller_name="\u200b"), "caller_name"),
            (dict(ok, description="三天了\r\n没人管"), "description"),
            (dict(ok, description="三天了\u001b[2J"), "description"),
        ]
        before = self.count("requests")
        for body, field in cases:
            err = self.create("res2", body, 422)
            self.assertEqual(err["error"]["field"], field, body)
        self.assertEqual(self.count("requests"), before)
        made = self.create("res2", dict(ok, title="\u200b 路灯不亮\u3000", address=" 金沙路1号 ",
                                        description="第一行\n第二行\n"))
        db = sqlite3.connect(self.db)
        row = db.execute("SELECT title, address, description FROM requests WHERE id = ?",
                         (made["id"],)).fetchone()
        db.close()
        self.assertEqual(row, ("路灯不亮", "金沙路1号", "第一行\n第二行"))
        self.invalid("res2", made["id"], "rate", {"satisfaction": 5, "comment": "好\x07"},
                     "comment")

    def count(self, table):
        db = sqlite3.connect(self.db)
        (n,) = db.execute("SELECT count(*) FROM " + table).fetchone()
        db.close()
        return n

    def test_idempotent_retry(self):
        body = {"title": "重试", "category": "test.garbage", "lat": IN_B[0], "lon": IN_B[1]}
        key = {"Idempotency-Key": "k-%d" % time.time_ns()}
        first = self.create("res2", body, 201, key)
        rows = (self.count("requests"), self.count("request_events"), self.count("live_events"))
        again = self.create("res2", body, 200, key)
        self.assertEqual(again["id"], first["id"])
        self.assertEqual(again["number"], first["number"])
        self.assertEqual(again["assignee"], first["assignee"])
        self.assertEqual(again["accept_due"], first["accept_due"])
        self.assertEqual(again["duplicates"], first["duplicates"])
        self.assertEqual(rows, (self.count("requests"), self.count("request_events"),
                                self.count("live_events")))
        err = self.create("res2", dict(body, title="另一个"), 409, key)
        self.assertEqual(err["error"]["field"], "Idempotency-Key")
        self.create("res1", dict(body, lat=IN_A[0], lon=IN_A[1]), 201, key)
        err = self.create("res2", body, 422, {"Idempotency-Key": "k" * 101})
        self.assertEqual(err["error"]["field"], "Idempotency-Key")

    def test_anonymous_hides_the_reporter(self):
        r = self.create("res2", {"title": "匿名举报", "category": "test.garbage",
                                 "lat": IN_B[0], "lon": IN_B[1], "anonymous": True})
        self.act("gw_b", r["id"], "escalate", {"reason": "需要社区"})
        self.act("com", r["id"], "escalate", {"reason": "需要街道"})
        self.act("disp", r["id"], "cohandlers", {"departments": [30], "lead": 30})
        dept = self.get("dept1", r["id"])
        self.assertIsNone(dept["reporter"])
        self.assertIsNone(dept["location"]["household_id"])
        own = self.get("res2", r["id"])
        self.assertEqual(own["reporter"]["name"], "张1102")


class ScopeTest(Base):
    def test_scope(self):
        a = self.create("res1", {"title": "我的", "category": "test.garbage",
                                 "lat": IN_A[0], "lon": IN_A[1]})
        rid = a["id"]
        self.get("gw_a", rid)
        self.get("com", rid)
        self.get("disp", rid)
        self.get("sup", rid)
        self.get("lead1", rid)           # household 102 is linked to lead1
        self.get("gw_b", rid, 404)
        self.get("res2", rid, 404)
        self.get("lead2", rid, 404)
        self.get("vil", rid, 404)
        self.get("dept1", rid, 404)
        self.act("gw_b", rid, "accept", {}, 404)
        self.act("res2", rid, "remind", {}, 404)
        self.act("vil", rid, "reject", {"reason": "x"}, 404)
        self.get("res1", 999999, 404)
        st, _ = self.call("res1", "GET", "/api/v1/requests/abc")
        self.assertEqual(st, 404)
        lead = self.get("lead1", rid)
        self.assertEqual(lead["actions"], [])
        res = self.get("res1", rid)
        self.assertEqual(res["reporter"]["phone"], "139****1021")

    def test_role_without_relation_is_403(self):
        r = self.garbage()
        err = self.act("com", r["id"], "accept", {}, 403)
        self.assertEqual(err["error"]["code"], "forbidden")
        err = self.act("res2", r["id"], "resolve", {"result": "x"}, 409)
        self.assertIn("dispatched", err["error"]["message"])


class WalkTest(Base):
    def test_full_walk(self):
        r = self.garbage()
        rid = r["id"]
        self.conflict("gw_b", rid, "resolve", {"result": "done"}, "dispatched")
        self.conflict("res2", rid, "rate", {"resolved": True, "satisfaction": 5}, "dispatched")
        self.act("gw_b", rid, "accept", {"note": "已联系居民"})
        self.conflict("gw_b", rid, "accept", {}, "accepted")
        self.invalid("gw_b", rid, "resolve", {}, "result")
        self.invalid("gw_b", rid, "resolve", {"result": "x" * 2001}, "result")
        view = self.act("gw_b", rid, "resolve", {"result": "已清运"})
        self.assertEqual(view["state"], "resolved")
        self.assertTrue(view["deadlines"]["followup"]["running"])
        self.assertIn("rate", self.get("res2", rid)["actions"])
        self.invalid("res2", rid, "rate", {"resolved": True, "satisfaction": 6}, "satisfaction")
        self.invalid("res2", rid, "rate", {"resolved": True, "satisfaction": 0}, "satisfaction")
        self.invalid("res2", rid, "rate", {"satisfaction": 4}, "resolved")
        self.act("gw_b", rid, "rate", {"resolved": True, "satisfaction": 5}, 403)
        view = self.act("res2", rid, "rate", {"resolved": True, "satisfaction": 5,
                                              "comment": "很满意"})
        self.assertEqual(view["state"], "closed")
        self.assertEqual(view["rating"], {"resolved": True, "satisfaction": 5, "comment": "很满意"})
        self.assertEqual(self.events(view),
                         ["submitted", "dispatched", "accepted", "resolved", "rated"])
        states = [(e["old_state"], e["new_state"]) for e in view["timeline"]]
        self.assertEqual(states, [(None, "submitted"), ("submitted", "dispatched"),
                                  ("dispatched", "accepted"), ("accepted", "resolved"),
                                  ("resolved", "closed")])
        self.assertEqual(view["timeline"][2]["note"], "已联系居民")
        self.assertEqual(view["timeline"][3]["note"], "已清运")
        self.assertEqual(view["timeline"][4]["detail"], {"resolved": 1, "satisfaction": 5})
        self.assertEqual(view["deadlines"]["accept"]["state"], "on_time")
        self.assertEqual(view["deadlines"]["resolve"]["state"], "on_time")
        self.assertIsNotNone(view["times"]["closed_at"])
        self.conflict("gw_b", rid, "accept", {}, "closed")
        self.conflict("res2", rid, "rate", {"resolved": True, "satisfaction": 5}, "closed")
        self.conflict("gw_b", rid, "escalate", {"reason": "x"}, "closed")

    def test_every_action_on_a_closed_request_is_409(self):
        r = self.garbage()
        rid = r["id"]
        self.act("gw_b", rid, "accept")
        self.act("gw_b", rid, "resolve", {"result": "x"})
        self.act("res2", rid, "rate", {"resolved": True, "satisfaction": 5})
        due = "2099-01-01T00:00:00+08:00"
        bodies = {
            "accept": ("gw_b", {}), "return": ("gw_b", {"reason_code": "wrong_area"}),
            "escalate": ("gw_b", {"reason": "x"}), "resolve": ("gw_b", {"result": "x"}),
            "rate": ("res2", {"resolved": True, "satisfaction": 5}),
            "extend": ("gw_b", {"reason": "x", "limit": {"amount": 1, "unit": "hours"}}),
            "approve_extension": ("sup", {}), "refuse_extension": ("sup", {}),
            "supervise": ("sup", {"card": "red", "due": due}),
            "reject": ("gw_b", {"reason": "x"}), "merge": ("gw_b", {"merge_into": 1}),
            "reassign": ("gw_b", {"level": 2}), "remind": ("res2", {}),
            "cohandlers": ("disp", {"departments": [30], "lead": 30}),
        }
        for action, (user, body) in bodies.items():
            with self.subTest(action=action):
                self.conflict(user, rid, action, body, "closed")
        self.assertEqual(self.events(self.get("res2", rid))[-1], "rated")

    def test_redo_walk(self):
        r = self.garbage()
        rid = r["id"]
        self.act("gw_b", rid, "accept")
        self.act("gw_b", rid, "resolve", {"result": "扫了"})
        view = self.act("res2", rid, "rate", {"resolved": False, "satisfaction": 2})
        self.assertEqual(view["state"], "dispatched")
        self.assertEqual(view["level"], 2)
        self.assertEqual(view["redo_count"], 1)
        self.act("gw_b", rid, "accept")
        self.act("gw_b", rid, "resolve", {"result": "又扫了"})
        self.invalid("sup", rid, "redo", {}, "reason")
        view = self.act("sup", rid, "redo", {"reason": "抽查未解决"})
        self.assertEqual(view["level"], 3)
        self.assertEqual(view["assignee"]["account_id"], self.accounts["com"])
        self.assertEqual(view["redo_count"], 2)
        self.act("gw_b", rid, "accept", {}, 403)
        self.act("com", rid, "accept")
        self.act("com", rid, "resolve", {"result": "社区协调清运"})
        view = self.act("res2", rid, "rate", {"resolved": True, "satisfaction": 4})
        self.assertEqual(view["state"], "closed")
        self.assertEqual(self.events(view),
                         ["submitted", "dispatched", "accepted", "resolved", "rated_redo",
                          "accepted", "resolved", "redone", "accepted", "resolved", "rated"])
        view = self.act("sup", rid, "redo", {"reason": "回访发现未解决"})
        self.assertEqual(view["state"], "dispatched")
        self.assertIsNone(view["times"]["closed_at"])
        self.conflict("sup", rid, "redo", {"reason": "again"}, "dispatched")

    def test_escalation_to_the_street_with_cohandlers(self):
        r = self.garbage()
        rid = r["id"]
        self.invalid("gw_b", rid, "escalate", {}, "reason")
        self.conflict("disp", rid, "cohandlers", {"departments": [30], "lead": 30}, "level")
        view = self.act("gw_b", rid, "escalate", {"reason": "需要社区协调"})
        self.assertEqual((view["state"], view["level"]), ("dispatched", 3))
        self.assertEqual(view["assignee"]["account_id"], self.accounts["com"])
        self.act("gw_b", rid, "escalate", {"reason": "x"}, 403)
        view = self.act("com", rid, "escalate", {"reason": "需要街道"})
        self.assertEqual((view["level"], view["assignee"]["role"]), (4, "dispatcher"))
        self.assertNotIn("cohandlers", view["actions"])
        self.assertIn("cohandlers", self.get("disp", rid)["actions"])
        self.conflict("disp", rid, "escalate", {"reason": "x"}, "level 4")
        self.get("dept1", rid, 404)
        self.invalid("disp", rid, "cohandlers", {"departments": [30, 31], "lead": 99},
                     "lead")
        self.invalid("disp", rid, "cohandlers", {"departments": [30, 10], "lead": 30},
                     "departments")
        self.invalid("disp", rid, "cohandlers", {"departments": [], "lead": 30},
                     "departments")
        self.act("gw_b", rid, "cohandlers", {"departments": [30], "lead": 30}, 403)
        view = self.act("disp", rid, "cohandlers", {"departments": [30, 31], "lead": 30})
        self.assertEqual([(c["unit_id"], c["lead"]) for c in view["cohandlers"]],
                         [(30, True), (31, False)])
        dept = self.get("dept1", rid)
        self.assertEqual(sorted(dept["actions"]), ["accept"])
        self.assertEqual(dept["reporter"], {"name": "张****", "phone": "139****1102"})
        self.get("dept2", rid)
        self.act("dept1", rid, "resolve", {"result": "x"}, 409)
        self.act("dept1", rid, "accept")
        view = self.act("dept1", rid, "resolve", {"result": "城管清理完毕"})
        self.assertEqual(view["state"], "resolved")
        self.assertEqual(self.events(view),
                         ["submitted", "dispatched", "escalated", "escalated", "cohandlers_set",
                          "accepted", "resolved"])
        self.assertEqual(view["timeline"][5]["actor"]["id"], self.accounts["dept1"])

    def test_return_reassign_and_reject(self):
        r = self.garbage()
        rid = r["id"]
        self.invalid("gw_b", rid, "return", {}, "reason_code")
        self.invalid("gw_b", rid, "return", {"reason_code": "bored"}, "reason_code")
        self.invalid("gw_b", rid, "return", {"reason_code": "other"}, "note")
        view = self.act("gw_b", rid, "return", {"reason_code": "wrong_area", "note": "不在本网格"})
        self.assertEqual((view["state"], view["level"]), ("returned", 3))
        self.assertEqual(view["timeline"][-1]["detail"]["reason_code"], "wrong_area")
        self.act("gw_b", rid, "reassign", {"level": 2}, 403)
        self.invalid("com", rid, "reassign", {"level": 5}, "level")
        view = self.act("com", rid, "reassign", {"level": 2})
        self.assertEqual((view["state"], view["level"]), ("dispatched", 2))
        self.assertEqual(view["assignee"]["account_id"], self.accounts["gw_b"])
        self.conflict("com", rid, "reassign", {"level": 2}, "dispatched")
        self.conflict("com", rid, "reject", {"reason": "x"}, "dispatched")
        self.act("gw_b", rid, "return", {"reason_code": "unclear_ownership"})
        self.invalid("com", rid, "reject", {}, "reason")
        view = self.act("com", rid, "reject", {"reason": "不属于受理范围"})
        self.assertEqual(view["state"], "rejected")
        self.conflict("gw_b", rid, "accept", {}, "rejected")

    def test_extensions(self):
        r = self.garbage()
        rid = r["id"]
        self.conflict("gw_b", rid, "extend", {"reason": "x", "limit": {"amount": 1,
                                                                       "unit": "workdays"}},
                      "dispatched")
        self.act("gw_b", rid, "accept")
        self.invalid("gw_b", rid, "extend", {"reason": "x"}, "limit")
        self.invalid("gw_b", rid, "extend", {"reason": "x", "limit": {"amount": 0,
                                                                      "unit": "hours"}},
                     "limit")
        self.invalid("gw_b", rid, "extend", {"limit": {"amount": 1, "unit": "hours"}},
                     "reason")
        self.conflict("sup", rid, "approve_extension", {}, "none")
        before = self.get("gw_b", rid)["deadlines"]["resolve"]["due"]
        view = self.act("gw_b", rid, "extend", {"reason": "等配件",
                                                "limit": {"amount": 48, "unit": "hours"}})
        self.assertEqual(view["extension"]["state"], "pending")
        self.assertIn("approve_extension", self.get("sup", rid)["actions"])
        self.act("gw_b", rid, "approve_extension", {}, 403)
        view = self.act("sup", rid, "approve_extension", {"reason": "同意"})
        self.assertEqual(view["extension"]["state"], "approved")
        after = view["deadlines"]["resolve"]["due"]
        self.assertGreater(after, before)
        self.act("gw_b", rid, "extend", {"reason": "还要等",
                                         "limit": {"amount": 1, "unit": "workdays"}})
        view = self.act("sup", rid, "refuse_extension", {})
        self.assertEqual(view["extension"]["state"], "refused")
        self.assertEqual(view["deadlines"]["resolve"]["due"], after)
        self.conflict("gw_b", rid, "extend", {"reason": "third",
                                              "limit": {"amount": 1, "unit": "hours"}},
                      "2 extensions")
        self.assertEqual(self.events(view)[-4:], ["extension_requested", "extension_approved",
                                                  "extension_requested", "extension_refused"])

    def test_supervise_and_remind(self):
        r = self.garbage()
        rid = r["id"]
        due = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600 + 86400))
        past = "2020-01-01T00:00:00+08:00"
        self.invalid("sup", rid, "supervise", {"card": "purple", "due": due}, "card")
        self.invalid("sup", rid, "supervise", {"card": "red", "due": "tomorrow"}, "due")
        self.invalid("sup", rid, "supervise", {"card": "red", "due": past}, "due")
        self.act("gw_b", rid, "supervise", {"card": "red", "due": due}, 403)
        view = self.act("sup", rid, "supervise", {"card": "yellow", "due": due})
        self.assertEqual(view["card"], "yellow")
        self.assertTrue(view["deadlines"]["supervision"]["running"])
        self.assertEqual(view["deadlines"]["supervision"]["state"], "on_time")
        self.act("sup", rid, "supervise", {"card": "normal", "due": due}, 409)
        self.act("res2", rid, "remind", {"note": "快点"})
        self.act("gw_b", rid, "remind", {}, 403)
        view = self.get("res2", rid)
        self.assertEqual(self.events(view)[-2:], ["supervised", "reminded"])
        self.assertEqual(view["timeline"][-1]["note"], "快点")
        self.act("gw_b", rid, "accept")
        self.act("gw_b", rid, "resolve", {"result": "ok"})
        self.conflict("sup", rid, "supervise", {"card": "red", "due": due}, "resolved")
        self.conflict("res2", rid, "remind", {}, "resolved")

    def test_remind_once_per_span(self):
        """催一催 twice within remind_span_min (10 minutes by default): the
        second, by anyone, is 429 naming when the next may be sent, and
        nothing is written."""
        rid = self.garbage()["id"]
        self.act("res2", rid, "remind", {})
        for who in ("res2", "sup"):
            err = self.act(who, rid, "remind", {"note": "再催"}, 429)
            self.assertEqual(err["error"]["field"], "remind")
            m = re.search(r"sent at (\S+); the next may be sent from (\S+)$",
                          err["error"]["message"])
            self.assertIsNotNone(m, err)
            sent, nxt = (datetime.datetime.fromisoformat(x) for x in m.groups())
            self.assertEqual((nxt - sent).total_seconds(), 600)
        view = self.get("res2", rid)
        self.assertEqual(self.events(view).count("reminded"), 1)

    def test_merge(self):
        a = self.garbage()
        b = self.garbage()
        self.invalid("gw_b", b["id"], "merge", {}, "merge_into")
        self.invalid("gw_b", b["id"], "merge", {"merge_into": b["id"]}, "merge_into")
        self.invalid("gw_b", b["id"], "merge", {"merge_into": 999999}, "merge_into")
        self.act("res2", b["id"], "merge", {"merge_into": a["id"]}, 403)
        view = self.act("gw_b", b["id"], "merge", {"merge_into": a["id"]})
        self.assertEqual(view["state"], "merged")
        self.assertEqual(view["merged_into"], a["id"])
        self.conflict("gw_b", b["id"], "accept", {}, "merged")
        c = self.garbage()
        self.act("gw_b", a["id"], "accept")
        self.act("gw_b", a["id"], "resolve", {"result": "x"})
        self.act("res2", a["id"], "rate", {"resolved": True, "satisfaction": 5})
        err = self.act("gw_b", c["id"], "merge", {"merge_into": a["id"]}, 409)
        self.assertIn("closed", err["error"]["message"])

    def test_merge_many(self):
        """A storm at one place: every report still finds its duplicates,
        and a dispatcher folds them into the first in one call, each with
        its merged event; all or none."""
        first = self.garbage()
        storm = [self.garbage() for _ in range(6)]
        self.assertTrue(storm[-1]["duplicates"], storm[-1])
        self.assertLessEqual(len(storm[-1]["duplicates"]), 5)
        self.assertIn(storm[-2]["id"], [d["id"] for d in storm[-1]["duplicates"]])
        ids = [r["id"] for r in storm]

        def merge(user, body, status):
            st, resp = self.call(user, "POST", "/api/v1/requests/merge", body)
            self.assertEqual(st, status, resp)
            return resp
        for bad, field in [({"ids": ids}, "merge_into"),
                           ({"merge_into": first["id"]}, "ids"),
                           ({"merge_into": first["id"], "ids": []}, "ids"),
                           ({"merge_into": first["id"], "ids": ["x"]}, "ids"),
                           ({"merge_into": first["id"], "ids": ids + [ids[0]]}, "ids"),
                           ({"merge_into": first["id"], "ids": ids + [first["id"]]}, "ids"),
                           ({"merge_into": first["id"], "ids": list(range(1, 502))}, "ids")]:
            self.assertEqual(merge("gw_b", bad, 422)["error"]["field"], field, bad)
        # one that cannot be merged (already merged) fails the whole, changing nothing
        closed = self.garbage()
        self.act("gw_b", closed["id"], "merge", {"merge_into": first["id"]})
        err = merge("gw_b", {"merge_into": first["id"], "ids": ids + [closed["id"]]}, 409)
        self.assertIn(str(closed["id"]), err["error"]["message"])
        self.assertEqual({self.get("gw_b", i)["state"] for i in ids}, {"dispatched"})
        self.assertEqual(merge("res2", {"merge_into": first["id"], "ids": ids}, 403)["error"]["code"],
                         "forbidden")
        done = merge("gw_b", {"merge_into": first["id"], "ids": ids}, 200)
        self.assertEqual(done["count"], len(ids))
        self.assertEqual(done["merged"], ids)
        for i in ids:
            view = self.get("gw_b", i)
            self.assertEqual((view["state"], view["merged_into"]), ("merged", first["id"]))
            self.assertEqual(self.events(view)[-1], "merged")
        # merged reports leave the duplicates of the next report
        again = self.garbage()
        self.assertNotIn(ids[-1], [d["id"] for d in again["duplicates"]])
        self.assertIn(first["id"], [d["id"] for d in again["duplicates"]])

    def test_bad_bodies(self):
        r = self.garbage()
        rid = r["id"]
        self.invalid("gw_b", rid, "accept", {"colour": "red"}, "colour")
        self.invalid("gw_b", rid, "accept", {"note": 5}, "note")
        st, resp = self.srv.json("POST", "/api/v1/requests/%d/accept" % rid, raw=b"{",
                                 headers={"Authorization": "Bearer " + self.tokens["gw_b"],
                                          "Content-Type": "application/json"})
        self.assertEqual(st, 400)
        self.assertEqual(self.get("gw_b", rid)["state"], "dispatched")


def expected_counters(timelines):
    """The counters metrics_delta gives for these timelines, with every
    deadline met (the walks take seconds)."""
    keys = ["intake", "dispatched", "accepted", "accepted_on_time", "resolved",
            "resolved_on_time", "followups", "followups_resolved", "ratings", "ratings_good",
            "closed", "escalated"]
    c = dict.fromkeys(keys, 0)
    for events in timelines:
        for e in events:
            ev, old, new = e["event"], e["old_state"], e["new_state"]
            if ev == "submitted":
                c["intake"] += 1
            if new == "dispatched" and (old != "dispatched" or e["old_level"] != e["new_level"]):
                c["dispatched"] += 1
            if ev == "accepted":
                c["accepted"] += 1
                c["accepted_on_time"] += 1
            if ev == "resolved":
                c["resolved"] += 1
                c["resolved_on_time"] += 1
            if ev in ("rated", "rated_redo", "rated_final"):
                c["followups"] += 1
                c["followups_resolved"] += e["detail"]["resolved"] == 1
                c["ratings"] += 1
                c["ratings_good"] += e["detail"]["satisfaction"] >= 4
            if new == "closed" and old != "closed":
                c["closed"] += 1
            if ev == "escalated":
                c["escalated"] += 1
    return c


class CountersTest(Base):
    def test_counters_match_the_timelines(self):
        ids = []
        a = self.garbage()
        self.act("gw_b", a["id"], "accept")
        self.act("gw_b", a["id"], "resolve", {"result": "x"})
        self.act("res2", a["id"], "rate", {"resolved": True, "satisfaction": 5})
        ids.append(a["id"])
        b = self.garbage()
        self.act("gw_b", b["id"], "accept")
        self.act("gw_b", b["id"], "resolve", {"result": "x"})
        self.act("res2", b["id"], "rate", {"resolved": False, "satisfaction": 3})
        self.act("gw_b", b["id"], "escalate", {"reason": "y"})
        ids.append(b["id"])
        c = self.create("res1", {"title": "灯", "category": "test.light", "address": "x"})
        self.act("lead1", c["id"], "return", {"reason_code": "wrong_area"})
        self.act("gw_a", c["id"], "reassign", {"level": 1})
        self.act("lead1", c["id"], "accept")
        ids.append(c["id"])
        timelines = {rid: self.get("disp", rid)["timeline"] for rid in ids}
        self.srv.stop()
        db = sqlite3.connect(self.db)
        cols = ("intake, dispatched, accepted, accepted_on_time, resolved, resolved_on_time,"
                " followups, followups_resolved, ratings, ratings_good, closed, escalated")
        keys = [k.strip() for k in cols.split(",")]

        def summed(unit, dim=""):
            row = db.execute("SELECT " + ", ".join("total(%s)" % k for k in keys) +
                             " FROM metric_counters WHERE unit_id = ? AND dim = ?",
                             (unit, dim)).fetchone()
            return dict(zip(keys, [int(v) for v in row]))

        everything = expected_counters(timelines.values())
        self.assertEqual(summed(0), everything)
        self.assertEqual(summed(1), everything)
        self.assertEqual(summed(1, "ch:self"), everything)
        self.assertEqual(summed(11), expected_counters([timelines[a["id"]], timelines[b["id"]]]))
        self.assertEqual(summed(2), everything)
        self.assertEqual(summed(10), expected_counters([timelines[c["id"]]]))
        (garbage,) = db.execute("SELECT id FROM categories WHERE code = 'test.garbage'").fetchone()
        self.assertEqual(summed(1, "c:%d" % garbage),
                         expected_counters([timelines[a["id"]], timelines[b["id"]]]))
        live = db.execute("SELECT request_id, kind, payload FROM live_events ORDER BY id").fetchall()
        self.assertEqual(len(live), sum(len(t) for t in timelines.values()))
        payload = json.loads(live[0][2])
        self.assertEqual(set(payload), {"request_id", "number", "event", "state", "level",
                                        "title", "category", "at"})
        self.assertEqual((payload["event"], payload["state"], payload["category"]),
                         ("submitted", "submitted", "test.garbage"))
        db.close()
        self.assertEqual(expected_counters([timelines[b["id"]]])["dispatched"], 3)


if __name__ == "__main__":
    fq.main()
