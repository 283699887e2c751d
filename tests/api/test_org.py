"""The org tree's read side over real HTTP: units and pagination, locate
(inside, hole, shared edge, outside, bad input), households under a unit
and one household within each role's scope, masking of phone and ID
numbers in every response, the audited reveal, and the 邻长 lookup.

The test builds its own small tree with Python's sqlite3 module on a
database created by `fengqiao init`, and its accounts with `fengqiao user
add`, so it depends on neither import nor demo data."""
import json
import os
import sqlite3
import tempfile
import unittest
from urllib.parse import quote

import fq

PASSWORD = "org-test-pass-1"

# Two grids of community 2 side by side, sharing the edge lon = 112.41, and
# a village grid to the north with a hole in it.
GRID_A = [[112.40, 34.60], [112.41, 34.60], [112.41, 34.61], [112.40, 34.61], [112.40, 34.60]]
GRID_B = [[112.41, 34.60], [112.42, 34.60], [112.42, 34.61], [112.41, 34.61], [112.41, 34.60]]
DONUT = [[112.40, 34.62], [112.43, 34.62], [112.43, 34.65], [112.40, 34.65], [112.40, 34.62]]
HOLE = [[112.41, 34.63], [112.42, 34.63], [112.42, 34.64], [112.41, 34.64], [112.41, 34.63]]

# id, parent, kind, code, name, path, rings
UNITS = [
    (1, None, "street", "410306001", "吉利街道", "/1/", None),
    (2, 1, "community", "410306001001", "枫桥社区", "/1/2/", None),
    (3, 1, "village", "410306001002", "河阳村", "/1/3/", None),
    (10, 2, "grid", "410306001001001", "枫桥第一网格", "/1/2/10/", [GRID_A]),
    (11, 2, "grid", "410306001001002", "枫桥第二网格", "/1/2/11/", [GRID_B]),
    (12, 3, "grid", "410306001002001", "河阳网格", "/1/3/12/", [DONUT, HOLE]),
    (20, 10, "building", "B20", "1号楼", "/1/2/10/20/", None),
    (21, 10, "building", "B21", "2号楼", "/1/2/10/21/", None),
    (22, 11, "building", "B22", "3号楼", "/1/2/11/22/", None),
    (23, 12, "building", "B23", "村东片", "/1/3/12/23/", None),
]

# Two buildings of one name told apart by their road (issue 19).
BUILDING_ADDRESS = {20: "嗣同北路82号1号楼", 21: "长兴中路7号2号楼", 22: "嗣同北路90号3号楼"}

# household id -> (building, grid)
HOUSEHOLDS = {
    100: (20, 10), 101: (20, 10), 102: (20, 10),
    103: (21, 10), 104: (21, 10), 105: (21, 10),
    110: (22, 11), 111: (22, 11),
    120: (23, 12),
}

# leader id, kind, unit, person, linked households
LEADERS = [
    (1, "neighbour", 10, 1001, [100, 101, 102]),
    (2, "neighbour", 11, 1101, [110, 111]),
    (3, "neighbour", 12, 1201, [120]),
    (4, "building", 20, 1011, []),
]

# username, role, unit code, person
ACCOUNTS = [
    ("gw_a", "grid_worker", "410306001001001", None),
    ("gw_b", "grid_worker", "410306001001002", None),
    ("com", "community_officer", "410306001001", None),
    ("sup", "supervisor", "410306001", None),
    ("disp", "dispatcher", "410306001", None),
    ("bld", "building_leader", "B20", None),
    ("lead1", "leader", "410306001001001", 1001),
    ("res", "resident", "410306001001002", 1102),
]


def head_id(hh):
    return hh * 10 + 1


def phone(person):
    return "139%08d" % person


def id_number(person):
    return "41030519800101%04d" % (person % 10000)


def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath, rings in UNITS:
        boundary = json.dumps({"type": "Polygon", "coordinates": rings}) if rings else None
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id, boundary)"
                   " VALUES (?,?,?,?,?,?,1,?)", (uid, parent, kind, code, name, upath, boundary))
        if rings:
            lons = [p[0] for p in rings[0]]
            lats = [p[1] for p in rings[0]]
            db.execute("INSERT INTO grid_rtree VALUES (?,?,?,?,?)",
                       (uid, min(lons), max(lons), min(lats), max(lats)))
    for uid, address in BUILDING_ADDRESS.items():
        db.execute("UPDATE units SET address = ? WHERE id = ?", (address, uid))
    for hh, (building, grid) in HOUSEHOLDS.items():
        db.execute("INSERT INTO households(id, code, building_id, grid_id, entrance, floor, room,"
                   " address, street_id) VALUES (?,?,?,?,?,?,?,?,1)",
                   (hh, "H%d" % hh, building, grid, 1, hh % 10 + 1, "%d01" % (hh % 10 + 1),
                    "金沙路%d号" % hh))
        for person, relation, name in ((head_id(hh), "户主", "张%d" % hh),
                                       (hh * 10 + 2, "配偶", "李%d" % hh)):
            db.execute("INSERT INTO persons(id, household_id, name, id_number, phone, relation,"
                       " gender, birth_year, street_id) VALUES (?,?,?,?,?,?,?,?,1)",
                       (person, hh, name, id_number(person), phone(person), relation,
                        "M" if relation == "户主" else "F", 1980))
    for lid, kind, unit, person, linked in LEADERS:
        db.execute("INSERT INTO leaders(id, person_id, kind, unit_id, street_id)"
                   " VALUES (?,?,?,?,1)", (lid, person, kind, unit))
        for hh in linked:
            db.execute("INSERT INTO leader_households VALUES (?,?)", (lid, hh))
    db.commit()
    db.close()
    for username, role, code, person in ACCOUNTS:
        extra = ["--person-id", str(person)] if person else []
        fq.run("user", "add", "--db", path, "--username", username, "--role", role,
               "--unit", code, *extra, stdin=PASSWORD + "\n")


ALL_SECRETS = [f(p) for hh in HOUSEHOLDS for p in (head_id(hh), hh * 10 + 2)
               for f in (phone, id_number)]


class OrgTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-org-")
        cls.db = os.path.join(cls.dir, "org.db")
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

    # -- helpers --

    def call(self, user, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.tokens[user]} if user else {}
        st, _, raw = self.srv.request(method, path, body, headers)
        text = raw.decode()
        return st, json.loads(text) if text else None, text

    def get(self, user, path, status=200):
        """GET as user, expect status, and check that no unmasked phone or ID
        number appears anywhere in the body."""
        st, body, text = self.call(user, "GET", path)
        self.assertEqual(st, status, text)
        for secret in ALL_SECRETS:
            self.assertNotIn(secret, text, "unmasked value in " + path)
        return body

    def error_field(self, user, path, status, field):
        body = self.get(user, path, status)
        self.assertEqual(body["error"]["field"], field, body)

    def audit_rows(self):
        db = sqlite3.connect(self.db)
        rows = db.execute("SELECT a.username, l.action, l.subject, l.detail FROM audit_log l"
                          " LEFT JOIN accounts a ON a.id = l.account_id"
                          " WHERE l.action = 'reveal' ORDER BY l.id").fetchall()
        db.close()
        return rows

    # -- the tree --

    def test_login_required(self):
        st, _, _ = self.call(None, "GET", "/api/v1/org/units")
        self.assertEqual(st, 401)

    def test_units_all_roles_see_the_tree(self):
        for user in ("res", "lead1", "gw_b"):
            body = self.get(user, "/api/v1/org/units")
            self.assertEqual([u["id"] for u in body["items"]], [u[0] for u in UNITS])
            self.assertIsNone(body["next_cursor"])
        grid = next(u for u in body["items"] if u["id"] == 12)
        self.assertEqual(grid["boundary"]["type"], "Polygon")
        self.assertEqual(grid["boundary"]["coordinates"], [DONUT, HOLE])
        street = next(u for u in body["items"] if u["id"] == 1)
        self.assertIsNone(street["parent_id"])
        self.assertNotIn("boundary", street)
        self.assertEqual(street["name"], "吉利街道")

    def test_units_filters(self):
        body = self.get("res", "/api/v1/org/units?kind=grid")
        self.assertEqual([u["id"] for u in body["items"]], [10, 11, 12])
        body = self.get("res", "/api/v1/org/units?parent=10")
        self.assertEqual([u["id"] for u in body["items"]], [20, 21])
        body = self.get("res", "/api/v1/org/units?parent=1&kind=village")
        self.assertEqual([u["id"] for u in body["items"]], [3])
        body = self.get("res", "/api/v1/org/units?q=%E7%BD%91%E6%A0%BC")  # 网格
        self.assertEqual([u["id"] for u in body["items"]], [10, 11, 12])
        body = self.get("res", "/api/v1/org/units?q=410306001002")
        self.assertEqual([u["id"] for u in body["items"]], [3, 12])
        body = self.get("res", "/api/v1/org/units?q=%25")  # a literal %, not a wildcard
        self.assertEqual(body["items"], [])

    def test_units_found_by_address(self):
        # the road address a resident types finds the building; each building says its address
        body = self.get("res", "/api/v1/org/units?kind=building&q=" + quote("嗣同北路82号"))
        self.assertEqual([u["id"] for u in body["items"]], [20])
        self.assertEqual(body["items"][0]["address"], BUILDING_ADDRESS[20])
        body = self.get("res", "/api/v1/org/units?kind=building&q=" + quote("嗣同北路"))
        self.assertEqual([u["id"] for u in body["items"]], [20, 22])
        body = self.get("res", "/api/v1/org/units?parent=10&q=" + quote("长兴中路"))
        self.assertEqual([u["id"] for u in body["items"]], [21])
        body = self.get("res", "/api/v1/org/units?kind=grid")
        self.assertTrue(all("address" not in u for u in body["items"]), "grids have no address")

    def test_units_pagination(self):
        seen, cursor, pages = [], None, 0
        while True:
            path = "/api/v1/org/units?limit=3" + ("&cursor=" + cursor if cursor else "")
            body = self.get("gw_a", path)
            self.assertLessEqual(len(body["items"]), 3)
            seen += [u["id"] for u in body["items"]]
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                break
            self.assertIsInstance(cursor, str)
        self.assertEqual(seen, [u[0] for u in UNITS])
        self.assertEqual(pages, 4)

    def test_units_bad_arguments(self):
        self.error_field("res", "/api/v1/org/units?limit=501", 422, "limit")
        self.error_field("res", "/api/v1/org/units?limit=0", 422, "limit")
        self.error_field("res", "/api/v1/org/units?limit=ten", 422, "limit")
        self.error_field("res", "/api/v1/org/units?cursor=zz", 422, "cursor")
        self.error_field("res", "/api/v1/org/units?kind=galaxy", 422, "kind")
        self.error_field("res", "/api/v1/org/units?parent=-3", 422, "parent")
        body = self.get("res", "/api/v1/org/units?limit=500")
        self.assertEqual(len(body["items"]), len(UNITS))

    def test_unit_detail(self):
        body = self.get("res", "/api/v1/org/units/2")
        self.assertEqual(body["kind"], "community")
        self.assertEqual([a["id"] for a in body["ancestors"]], [1])
        self.assertEqual(body["children"], {"grid": 2})
        self.assertEqual(body["households"], 8)
        body = self.get("res", "/api/v1/org/units/12")
        self.assertEqual([a["id"] for a in body["ancestors"]], [1, 3])
        self.assertEqual(body["boundary"]["coordinates"][1], HOLE)
        self.assertEqual(body["children"], {"building": 1})
        self.assertEqual(body["households"], 1)
        self.assertEqual(self.get("res", "/api/v1/org/units/1")["households"], 9)
        self.assertEqual(self.get("res", "/api/v1/org/units/21")["households"], 3)
        self.get("res", "/api/v1/org/units/999", 404)
        self.get("res", "/api/v1/org/units/abc", 404)

    # -- locate --

    def locate(self, lat, lon, status=200):
        return self.get("res", "/api/v1/org/locate?lat=%s&lon=%s" % (lat, lon), status)

    def test_locate_inside(self):
        body = self.locate(34.605, 112.405)
        self.assertEqual(body["grid"]["id"], 10)
        self.assertEqual(body["grid"]["code"], "410306001001001")
        self.assertEqual(body["community"]["id"], 2)
        self.assertEqual(body["street"]["id"], 1)
        body = self.locate(34.605, 112.415)
        self.assertEqual(body["grid"]["id"], 11)

    def test_locate_village_and_hole(self):
        body = self.locate(34.625, 112.405)
        self.assertEqual(body["grid"]["id"], 12)
        self.assertEqual(body["community"]["kind"], "village")
        self.assertEqual(body["community"]["id"], 3)
        self.locate(34.635, 112.415, 404)  # inside the hole
        self.assertEqual(self.locate(34.63, 112.415)["grid"]["id"], 12)  # on the hole's edge

    def test_locate_shared_edge(self):
        # on the edge both grids share: the lower id, every time
        for _ in range(3):
            self.assertEqual(self.locate(34.605, 112.41)["grid"]["id"], 10)

    def test_locate_outside(self):
        body = self.locate(34.615, 112.405, 404)  # between the grids
        self.assertEqual(body["error"]["code"], "not_found")
        self.locate(30.0, 120.0, 404)

    def test_locate_bad_input(self):
        self.error_field("res", "/api/v1/org/locate?lon=112.4", 422, "lat")
        self.error_field("res", "/api/v1/org/locate?lat=34.6", 422, "lon")
        self.error_field("res", "/api/v1/org/locate?lat=91&lon=112.4", 422, "lat")
        self.error_field("res", "/api/v1/org/locate?lat=34.6&lon=-180.5", 422, "lon")
        self.error_field("res", "/api/v1/org/locate?lat=abc&lon=112.4", 422, "lat")
        self.error_field("res", "/api/v1/org/locate?lat=nan&lon=112.4", 422, "lat")

    # -- households under a unit --

    def test_unit_households_grid_worker(self):
        body = self.get("gw_a", "/api/v1/org/units/10/households")
        self.assertEqual([h["id"] for h in body["items"]], [100, 101, 102, 103, 104, 105])
        h = body["items"][0]
        self.assertEqual(h["building"], {"id": 20, "name": "1号楼"})
        self.assertEqual(h["members"], 2)
        self.assertEqual(h["head"]["name"], "张100")
        self.assertEqual(h["head"]["phone"], "139****1001")
        self.assertEqual(h["address"], "金沙路100号")
        self.assertEqual((h["entrance"], h["floor"], h["room"]), (1, 1, "101"))
        body = self.get("gw_a", "/api/v1/org/units/20/households")
        self.assertEqual([h["id"] for h in body["items"]], [100, 101, 102])

    def test_unit_households_out_of_scope(self):
        self.get("gw_a", "/api/v1/org/units/11/households", 404)
        self.get("gw_a", "/api/v1/org/units/22/households", 404)
        self.get("gw_a", "/api/v1/org/units/2/households", 404)
        self.get("gw_a", "/api/v1/org/units/999/households", 404)
        self.get("bld", "/api/v1/org/units/10/households", 404)
        self.get("bld", "/api/v1/org/units/21/households", 404)
        self.get("res", "/api/v1/org/units/11/households", 403)
        self.get("lead1", "/api/v1/org/units/10/households", 403)

    def test_unit_households_wider_scopes(self):
        body = self.get("com", "/api/v1/org/units/2/households")
        self.assertEqual([h["id"] for h in body["items"]],
                         [100, 101, 102, 103, 104, 105, 110, 111])
        body = self.get("disp", "/api/v1/org/units/1/households")
        self.assertEqual(len(body["items"]), 9)
        body = self.get("bld", "/api/v1/org/units/20/households")
        self.assertEqual([h["id"] for h in body["items"]], [100, 101, 102])

    def test_unit_households_pagination_and_search(self):
        seen, cursor = [], ""
        while cursor is not None:
            body = self.get("com", "/api/v1/org/units/2/households?limit=3&cursor=" + cursor)
            seen += [h["id"] for h in body["items"]]
            cursor = body["next_cursor"]
        self.assertEqual(seen, [100, 101, 102, 103, 104, 105, 110, 111])
        body = self.get("com", "/api/v1/org/units/2/households?q=%E6%9D%8E104")  # 李104
        self.assertEqual([h["id"] for h in body["items"]], [104])
        body = self.get("com", "/api/v1/org/units/2/households?q=H11")
        self.assertEqual([h["id"] for h in body["items"]], [110, 111])
        self.error_field("com", "/api/v1/org/units/2/households?limit=1000", 422, "limit")

    # -- one household --

    def test_household_detail_masked(self):
        body = self.get("gw_a", "/api/v1/households/100")
        self.assertEqual(body["id"], 100)
        self.assertEqual(body["grid"]["id"], 10)
        persons = body["persons"]
        self.assertEqual([p["id"] for p in persons], [1001, 1002])
        self.assertEqual(persons[0]["name"], "张100")
        self.assertEqual(persons[0]["relation"], "户主")
        self.assertEqual(persons[0]["phone"], "139****1001")
        self.assertEqual(persons[0]["id_number"], "410305********1001")
        self.assertEqual(persons[1]["gender"], "F")
        self.assertEqual(persons[1]["birth_year"], 1980)

    def test_household_scope(self):
        self.get("gw_a", "/api/v1/households/110", 404)   # another grid
        self.get("gw_b", "/api/v1/households/110")
        self.get("com", "/api/v1/households/105")
        self.get("com", "/api/v1/households/120", 404)     # the village, not the community
        self.get("sup", "/api/v1/households/120")
        self.get("bld", "/api/v1/households/101")          # their building
        self.get("bld", "/api/v1/households/103", 404)     # the next building
        self.get("lead1", "/api/v1/households/102")       # linked
        self.get("lead1", "/api/v1/households/103", 404)  # same grid, not linked
        self.get("res", "/api/v1/households/110")         # their own
        self.get("res", "/api/v1/households/111", 404)    # the neighbours'
        self.get("res", "/api/v1/households/999", 404)

    # -- reveal --

    def reveal(self, user, person, fields):
        return self.call(user, "POST", "/api/v1/persons/%d/reveal" % person, {"fields": fields})

    def test_reveal_phone_is_audited(self):
        before = len(self.audit_rows())
        st, body, text = self.reveal("gw_a", 1002, ["phone"])
        self.assertEqual(st, 200, text)
        self.assertEqual(body, {"id": 1002, "phone": phone(1002)})
        rows = self.audit_rows()
        self.assertEqual(len(rows), before + 1)
        self.assertEqual(rows[-1], ("gw_a", "reveal", "person:1002", "phone"))

    def test_reveal_is_not_cached(self):
        st, h, raw = self.srv.request("POST", "/api/v1/persons/1002/reveal", {"fields": ["phone"]},
                                      {"Authorization": "Bearer " + self.tokens["gw_a"]})
        self.assertEqual(st, 200, raw)
        self.assertEqual(h.get("Cache-Control"), "no-store")

    def test_reveal_both_by_community_officer(self):
        st, body, text = self.reveal("com", 1031, ["id_number", "phone"])
        self.assertEqual(st, 200, text)
        self.assertEqual(body["phone"], phone(1031))
        self.assertEqual(body["id_number"], id_number(1031))
        self.assertIn(("com", "reveal", "person:1031", "phone,id_number"), self.audit_rows())

    def test_reveal_by_linked_leader(self):
        st, body, _ = self.reveal("lead1", 1012, ["phone"])
        self.assertEqual(st, 200)
        self.assertEqual(body["phone"], phone(1012))
        st, _, _ = self.reveal("lead1", 1031, ["phone"])  # not linked
        self.assertEqual(st, 404)

    def test_reveal_refused_writes_nothing(self):
        before = len(self.audit_rows())
        st, body, _ = self.reveal("gw_a", 1001, ["phone", "id_number"])
        self.assertEqual(st, 403)
        self.assertEqual(body["error"]["field"], "id_number")
        st, _, _ = self.reveal("sup", 1001, ["phone"])  # in scope, role may not
        self.assertEqual(st, 403)
        st, _, _ = self.reveal("res", 1101, ["phone"])  # own household, role may not
        self.assertEqual(st, 403)
        st, _, _ = self.reveal("gw_b", 1001, ["phone"])  # another grid
        self.assertEqual(st, 404)
        st, _, _ = self.reveal("res", 1001, ["phone"])
        self.assertEqual(st, 404)
        st, _, _ = self.reveal("com", 99999, ["phone"])
        self.assertEqual(st, 404)
        self.assertEqual(len(self.audit_rows()), before)

    def test_reveal_bad_body(self):
        for body in ({}, {"fields": []}, {"fields": ["name"]}, {"fields": "phone"},
                     {"fields": ["phone"], "why": "x"}):
            st, err, text = self.call("com", "POST", "/api/v1/persons/1001/reveal", body)
            self.assertEqual(st, 422, text)
            self.assertIn(err["error"]["field"], ("fields", "why"))
        headers = {"Authorization": "Bearer " + self.tokens["com"],
                   "Content-Type": "application/json"}
        st, _, _ = self.srv.request("POST", "/api/v1/persons/1001/reveal", raw=b"{\"fields\":",
                                    headers=headers)
        self.assertEqual(st, 400)

    # -- 邻长 --

    def test_leader_lookup(self):
        body = self.get("disp", "/api/v1/leaders")
        self.assertEqual([l["id"] for l in body["items"]], [1, 2, 3])  # not the 楼栋长
        first = body["items"][0]
        self.assertEqual(first["name"], "张100")
        self.assertEqual(first["phone"], "139****1001")
        self.assertEqual(first["households"], 3)
        self.assertEqual(first["grid"]["id"], 10)
        body = self.get("disp", "/api/v1/leaders?q=%E5%BC%A0110")  # 张110
        self.assertEqual([l["id"] for l in body["items"]], [2])
        body = self.get("com", "/api/v1/leaders")
        self.assertEqual([l["id"] for l in body["items"]], [1, 2])
        body = self.get("com", "/api/v1/leaders?unit=11")
        self.assertEqual([l["id"] for l in body["items"]], [2])
        body = self.get("disp", "/api/v1/leaders?limit=2")
        self.assertEqual(len(body["items"]), 2)
        body = self.get("disp", "/api/v1/leaders?limit=2&cursor=" + body["next_cursor"])
        self.assertEqual([l["id"] for l in body["items"]], [3])
        self.get("gw_b", "/api/v1/leaders?unit=10", 404)
        self.get("com", "/api/v1/leaders?unit=3", 404)
        self.get("lead1", "/api/v1/leaders", 403)
        self.get("res", "/api/v1/leaders", 403)

    def test_leader_households(self):
        for user in ("lead1", "gw_a", "com", "disp"):
            body = self.get(user, "/api/v1/leaders/1/households")
            self.assertEqual(body["leader"]["id"], 1)
            self.assertEqual(body["leader"]["phone"], "139****1001")
            self.assertEqual(body["leader"]["grid"]["code"], "410306001001001")
            self.assertEqual([h["id"] for h in body["households"]], [100, 101, 102])
            for h in body["households"]:
                self.assertEqual(h["requests"], [])
                self.assertEqual(h["members"], 2)
        self.get("lead1", "/api/v1/leaders/2/households", 404)
        self.get("gw_b", "/api/v1/leaders/1/households", 404)
        self.get("res", "/api/v1/leaders/2/households", 404)
        self.get("bld", "/api/v1/leaders/1/households", 404)
        self.get("com", "/api/v1/leaders/99/households", 404)


if __name__ == "__main__":
    fq.main()
