"""Open311 GeoReport v2 over real HTTP (docs/open311.md): discovery, the
service list and definitions, POST of a request with every field and
error, the list of requests with every filter (ids, service codes, the
90-day window, the 1000-row cap, status, page and page_size), one request,
tokens, mySociety's servicerequestupdates, errors in the specification's
shape, the rate limits, `fengqiao apikey`, and that no answer carries
personal data. Every endpoint is called in both formats and every XML
answer is parsed by xml.etree.

The test builds a small street with Python's sqlite3 on a database made by
`fengqiao init` (the seed catalogue comes with it); accounts share the one
Argon2 hash of the admin, so the setup hashes once."""
import atexit
import datetime
import http.client
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import fq

PASSWORD = "open311-test-pass-1"
TZ = datetime.timezone(datetime.timedelta(hours=8))

GRID_A = [[112.40, 34.60], [112.41, 34.60], [112.41, 34.61], [112.40, 34.61], [112.40, 34.60]]
GRID_B = [[112.41, 34.60], [112.42, 34.60], [112.42, 34.61], [112.41, 34.61], [112.41, 34.60]]
IN_A = (34.605, 112.405)
IN_B = (34.605, 112.415)
OUTSIDE = (35.5, 113.5)

# id, parent, kind, code, name, path, ring, address, lat, lon
UNITS = [
    (1, None, "street", "O410306001", "吉利街道", "/1/", None, None, None, None),
    (2, 1, "community", "O410306001001", "枫桥社区", "/1/2/", None, None, None, None),
    (10, 2, "grid", "O410306001001001", "枫桥第一网格", "/1/2/10/", GRID_A, None, None, None),
    (11, 2, "grid", "O410306001001002", "枫桥第二网格", "/1/2/11/", GRID_B, None, None, None),
    (20, 10, "building", "OB20", "1号楼", "/1/2/10/20/", None, "枫桥路1号1号楼", 34.6051, 112.4051),
    (21, 11, "building", "OB21", "5号楼", "/1/2/11/21/", None, "枫桥路9号5号楼", 34.6052, 112.4152),
    (30, 1, "department", "OD30", "城管中队", "/1/30/", None, None, None, None),
]

# household id: building, grid
HOUSEHOLDS = {100: (20, 10), 101: (21, 11)}

# username, role, unit id (None: the whole deployment), person
ACCOUNTS = [
    ("res1", "resident", 10, 1001),
    ("res2", "resident", 11, 1011),
    ("gw_a", "grid_worker", 10, None),
    ("gw_b", "grid_worker", 11, None),
    ("com", "community_officer", 2, None),
    ("disp", "dispatcher", 1, None),
    ("sup", "supervisor", 1, None),
]

# what an Open311 client tells about its user: accepted, never kept or shown
CONTACT = {"email": "wang.xiaoming@example.org", "first_name": "小明",
           "last_name": "王", "phone": "13912345678", "device_id": "dev-77aa",
           "account_id": "fms-4242"}

W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def person_rows():
    """(id, household, name, phone) of the people of the test street."""
    rows = []
    for hh in HOUSEHOLDS:
        for k, name in ((1, "赵德胜"), (2, "钱玉兰")):
            person = hh * 10 + k
            rows.append((person, hh, "%s%d" % (name, hh), "1380000%04d" % person))
    return rows


def build_db(path):
    fq.run("init", "--db", path)
    fq.run("user", "add", "--db", path, "--username", "admin", "--role", "admin",
           stdin=PASSWORD + "\n")
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath, ring, addr, lat, lon in UNITS:
        boundary = json.dumps({"type": "Polygon", "coordinates": [ring]}) if ring else None
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id, boundary,"
                   " address, lat, lon) VALUES (?,?,?,?,?,?,1,?,?,?,?)",
                   (uid, parent, kind, code, name, upath, boundary, addr, lat, lon))
        if ring:
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            db.execute("INSERT INTO grid_rtree VALUES (?,?,?,?,?)",
                       (uid, min(lons), max(lons), min(lats), max(lats)))
    for hh, (building, grid) in HOUSEHOLDS.items():
        db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
                   " VALUES (?,?,?,?,?,1)", (hh, "OH%d" % hh, building, grid, "幸福里%d号302室" % hh))
    for person, hh, name, phone in person_rows():
        db.execute("INSERT INTO persons(id, household_id, name, phone, relation, street_id)"
                   " VALUES (?,?,?,?,?,1)", (person, hh, name, phone, "户主"))
    (pw_hash,) = db.execute("SELECT password_hash FROM accounts WHERE username = 'admin'").fetchone()
    for username, role, unit, person in ACCOUNTS:
        cur = db.execute("INSERT INTO accounts(username, display_name, password_hash, person_id)"
                         " VALUES (?,?,?,?)", (username, "职员" + username.upper(), pw_hash, person))
        db.execute("INSERT INTO account_roles VALUES (?,?,?)", (cur.lastrowid, role, unit or 0))
    db.commit()
    db.close()


def apikey(path, *args, check=True):
    return fq.run("apikey", *args, "--db", path, check=check)


def key_of(output):
    """The key printed by `apikey add` (its last line)."""
    return output.strip().splitlines()[-1].strip()


_TEMPLATE = {}


def _forget_template():
    if _TEMPLATE:
        shutil.rmtree(os.path.dirname(_TEMPLATE["db"]), ignore_errors=True)


atexit.register(_forget_template)


def fresh_db():
    """A copy of the test street with its keys (built once per run); returns
    (path, keys)."""
    if not _TEMPLATE:
        d = tempfile.mkdtemp(prefix="fq-o311-tpl-")
        path = os.path.join(d, "tpl.db")
        build_db(path)
        keys = {"fms": key_of(apikey(path, "add", "--name", "fms").stdout),
                "other": key_of(apikey(path, "add", "--name", "other").stdout),
                "gone": key_of(apikey(path, "add", "--name", "gone").stdout)}
        apikey(path, "revoke", "--name", "gone")
        _TEMPLATE.update(db=path, keys=keys)
    d = tempfile.mkdtemp(prefix="fq-o311-")
    path = os.path.join(d, "o311.db")
    shutil.copy(_TEMPLATE["db"], path)
    return path, dict(_TEMPLATE["keys"])


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, TZ).isoformat(timespec="seconds")


def xml_doc(payload):
    """The parsed XML answer; fails the test when it is not well-formed."""
    assert payload.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'), payload[:80]
    return ET.fromstring(payload)


def xml_list(root, item):
    """A list element's items as dicts of their child elements' text."""
    out = []
    for el in root.findall(item):
        out.append({child.tag: child.text for child in el})
    return out


class Open311Case(unittest.TestCase):
    """A server on a fresh copy of the street, and every answer kept for the
    personal-data scan."""
    answers = []

    @classmethod
    def setUpClass(cls):
        cls.db, cls.keys = fresh_db()
        cls.srv = fq.Server(db=cls.db)
        cls.tokens = {}
        cls.answers = []

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(os.path.dirname(cls.db), ignore_errors=True)

    # ---- HTTP ----

    def raw(self, method, path, params=None, form=None, headers=None, body=None):
        """(status, headers, payload); XML answers are checked well-formed."""
        if params:
            path += "?" + urllib.parse.urlencode(params)
        h = {"Host": "open311.example.gov"}
        h.update(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        st, hdrs, payload = self.srv.request(method, path, headers=h, raw=body)
        type(self).answers.append(payload)
        if path.split("?")[0].endswith(".xml") or hdrs.get("Content-Type", "").startswith("text/xml"):
            self.assertTrue(hdrs["Content-Type"].startswith("text/xml; charset=utf-8"), hdrs)
            xml_doc(payload)
        elif payload and st != 413:
            self.assertTrue(hdrs["Content-Type"].startswith("application/json; charset=utf-8"),
                            (path, hdrs))
        return st, hdrs, payload

    def get(self, path, params=None, status=200, **kw):
        """GET a .json path; returns the parsed answer."""
        st, _, payload = self.raw("GET", path, params, **kw)
        self.assertEqual(st, status, payload[:500])
        return json.loads(payload)

    def get_xml(self, path, params=None, status=200):
        st, _, payload = self.raw("GET", path, params)
        self.assertEqual(st, status, payload[:500])
        return xml_doc(payload)

    def post(self, form, fmt="json", status=200, key="fms", **kw):
        form = dict(form)
        if key:
            form.setdefault("api_key", self.keys[key])
        st, _, payload = self.raw("POST", "/open311/v2/requests." + fmt, form=form, **kw)
        self.assertEqual(st, status, payload[:500])
        return json.loads(payload) if fmt == "json" else xml_doc(payload)

    def error(self, answer, status, text=None):
        """The JSON error list of the specification."""
        self.assertIsInstance(answer, list)
        self.assertEqual(answer[0]["code"], status)
        self.assertIsInstance(answer[0]["description"], str)
        if text:
            self.assertIn(text, answer[0]["description"])

    def error_xml(self, root, status):
        self.assertEqual(root.tag, "errors")
        err = root.find("error")
        self.assertEqual(err.find("code").text, str(status))
        self.assertTrue(err.find("description").text)

    # ---- the API of the requests module ----

    def login(self, user):
        if user not in self.tokens:
            st, body = self.srv.json("POST", "/api/v1/session",
                                     {"username": user, "password": PASSWORD})
            self.assertIn(st, (200, 201), body)
            self.tokens[user] = body["token"]
        return {"Authorization": "Bearer " + self.tokens[user]}

    def act(self, user, rid, action, body=None):
        st, resp = self.srv.json("POST", "/api/v1/requests/%d/%s" % (rid, action),
                                 body or {}, self.login(user))
        self.assertEqual(st, 200, resp)
        return resp

    def raise_self(self, user, body):
        st, resp = self.srv.json("POST", "/api/v1/requests", body, self.login(user))
        self.assertEqual(st, 201, resp)
        return resp

    def sql(self, query, args=()):
        con = sqlite3.connect(self.db, timeout=30)
        try:
            rows = con.execute(query, args).fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def pothole(self, **extra):
        form = {"service_code": "traffic.road_damage", "lat": IN_A[0], "long": IN_A[1],
                "description": "枫桥路上有个大坑"}
        form.update(extra)
        return self.post(form)[0]["service_request_id"]


class DiscoveryAndServicesTest(Open311Case):
    def test_discovery_in_both_formats(self):
        d = self.get("/open311/v2/discovery.json")
        self.assertRegex(d["changeset"], W3C)
        for field in ("contact", "key_service"):
            self.assertTrue(d[field])
        ep = d["endpoints"][0]
        self.assertEqual(ep["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertEqual(ep["url"], "http://open311.example.gov/open311/v2")
        self.assertEqual(ep["type"], "production")
        self.assertEqual(sorted(ep["formats"]), ["application/json", "text/xml"])
        root = self.get_xml("/open311/v2/discovery.xml")
        self.assertEqual(root.tag, "discovery")
        self.assertEqual(root.find("endpoints/endpoint/url").text, ep["url"])
        self.assertEqual(sorted(f.text for f in root.findall("endpoints/endpoint/formats/format")),
                         ["application/json", "text/xml"])

    def test_https_behind_a_proxy_and_a_bad_host(self):
        d = self.get("/open311/v2/discovery.json", headers={"X-Forwarded-Proto": "https"})
        self.assertTrue(d["endpoints"][0]["url"].startswith("https://open311.example.gov/"))
        # a Host that is not host[:port] is refused by the HTTP layer
        # (docs/http.md) and never reflected
        d = self.get("/open311/v2/discovery.json", status=400, headers={"Host": "evil<script>"})
        self.assertEqual(d["error"]["field"], "Host")
        self.assertNotIn("evil", json.dumps(d))

    def test_service_list(self):
        services = self.get("/open311/v2/services.json")
        codes = {s["service_code"]: s for s in services}
        self.assertIn("property.corridor_light", codes)
        self.assertIn("property.elevator", codes)
        # disputes between people and personal services are not offered
        self.assertFalse([c for c in codes if c.startswith(("dispute", "service"))])
        lift = codes["property.elevator"]
        self.assertEqual(lift["service_name"], "电梯故障")
        self.assertEqual(lift["description"], "Lift failure")
        self.assertIs(lift["metadata"], True)
        self.assertEqual(lift["type"], "realtime")
        self.assertEqual(lift["group"], "物业管理")
        self.assertIn("Lift failure", lift["keywords"])
        self.assertIs(codes["property.corridor_light"]["metadata"], False)
        root = self.get_xml("/open311/v2/services.xml")
        self.assertEqual(root.tag, "services")
        xml_codes = [s["service_code"] for s in xml_list(root, "service")]
        self.assertEqual(xml_codes, [s["service_code"] for s in services])
        one = next(s for s in xml_list(root, "service") if s["service_code"] == "property.elevator")
        self.assertEqual(one["metadata"], "true")
        self.assertEqual(one["type"], "realtime")

    def test_inactive_categories_are_not_offered(self):
        self.sql("UPDATE categories SET active = 0 WHERE code = 'neighbour.pets'")
        try:
            codes = [s["service_code"] for s in self.get("/open311/v2/services.json")]
            self.assertNotIn("neighbour.pets", codes)
            self.error(self.get("/open311/v2/services/neighbour.pets.json", status=404), 404)
        finally:
            self.sql("UPDATE categories SET active = 1 WHERE code = 'neighbour.pets'")

    def test_service_definition(self):
        d = self.get("/open311/v2/services/property.elevator.json")
        self.assertEqual(d["service_code"], "property.elevator")
        attr = d["attributes"][0]
        self.assertEqual(attr["code"], "trapped")
        self.assertIs(attr["variable"], True)
        self.assertIs(attr["required"], True)
        self.assertEqual(attr["datatype"], "singlevaluelist")
        self.assertEqual(attr["order"], 1)
        self.assertEqual([v["key"] for v in attr["values"]], ["yes", "no"])
        root = self.get_xml("/open311/v2/services/property.utility_outage.xml")
        self.assertEqual(root.tag, "service_definition")
        attrs = root.findall("attributes/attribute")
        self.assertEqual([a.find("code").text for a in attrs], ["kind", "since"])
        self.assertEqual([a.find("order").text for a in attrs], ["1", "2"])
        self.assertEqual(attrs[1].find("datatype").text, "datetime")
        self.assertEqual(attrs[1].find("required").text, "false")
        self.assertEqual([v.find("key").text for v in attrs[0].findall("values/value")],
                         ["water", "power", "both"])
        plain = self.get("/open311/v2/services/property.corridor_light.json")
        self.assertEqual(plain["attributes"], [])

    def test_service_definition_not_found(self):
        self.error(self.get("/open311/v2/services/no.such.json", status=404), 404, "no.such")
        self.error(self.get("/open311/v2/services/dispute.neighbour.json", status=404), 404)
        self.error_xml(self.get_xml("/open311/v2/services/no.such.xml", status=404), 404)
        # a suffix that is neither format
        self.error_xml(self.get_xml("/open311/v2/services/property.elevator.html", status=404),
                       404)

    def test_unknown_resources_answer_in_the_specification_shape(self):
        self.error(self.get("/open311/v2/nothing.json", status=404), 404)
        self.error_xml(self.get_xml("/open311/v2/nothing.xml", status=404), 404)
        self.error_xml(self.get_xml("/open311/v2/requests", status=404), 404)
        self.error(self.get("/open311/v2/a/b.json", status=404), 404)
        st, _, payload = self.raw("POST", "/open311/v2/servicerequestupdates.json", form={"x": 1})
        self.assertEqual(st, 404)
        self.error(json.loads(payload), 404)


class PostTest(Open311Case):
    def test_post_json(self):
        answer = self.post({"service_code": "traffic.road_damage", "lat": IN_A[0],
                            "long": IN_A[1], "address_string": "枫桥路与环城路口",
                            "description": "路面塌了一个坑\n很危险",
                            "media_url": "https://img.example.org/p/1.jpg", **CONTACT})
        self.assertEqual(len(answer), 1)
        one = answer[0]
        self.assertEqual(set(one), {"service_request_id", "service_notice", "account_id"})
        self.assertIsInstance(one["service_request_id"], str)
        self.assertIsNone(one["account_id"])
        self.assertIn("枫桥", one["service_notice"])
        rid = int(one["service_request_id"])
        row = self.sql("SELECT r.channel, r.title, r.description, r.address, a.username,"
                       " o.media_url, k.name, r.lat IS NOT NULL FROM requests r"
                       " JOIN accounts a ON a.id = r.reporter_account_id"
                       " JOIN open311_requests o ON o.request_id = r.id"
                       " JOIN open311_keys k ON k.id = o.key_id WHERE r.id = ?", (rid,))[0]
        self.assertEqual(row[0], "open311")
        self.assertEqual(row[1], "路面塌了一个坑")
        self.assertEqual(row[2], "路面塌了一个坑\n很危险")
        self.assertEqual(row[3], "枫桥路与环城路口")
        self.assertEqual(row[4], "open311.fms")
        self.assertEqual(row[5], "https://img.example.org/p/1.jpg")
        self.assertEqual(row[6], "fms")
        self.assertEqual(row[7], 1)
        events = self.sql("SELECT event FROM request_events WHERE request_id = ? ORDER BY id",
                          (rid,))
        self.assertEqual([e[0] for e in events], ["submitted", "dispatched"])

    def test_post_xml_and_key_in_the_query(self):
        form = {"service_code": "environment.garbage", "lat": IN_B[0], "long": IN_B[1]}
        st, _, payload = self.raw("POST", "/open311/v2/requests.xml?api_key=" + self.keys["fms"],
                                  form=form)
        self.assertEqual(st, 200, payload)
        root = xml_doc(payload)
        self.assertEqual(root.tag, "service_requests")
        req = root.find("request")
        self.assertTrue(req.find("service_request_id").text.isdigit())
        self.assertTrue(req.find("service_notice").text)
        self.assertIsNone(req.find("account_id").text)
        # no description: the service's name is the title
        (title,) = self.sql("SELECT title FROM requests WHERE id = ?",
                            (int(req.find("service_request_id").text),))[0]
        self.assertEqual(title, "垃圾清运")

    def test_keys(self):
        form = {"service_code": "traffic.road_damage", "lat": IN_A[0], "long": IN_A[1]}
        self.error(self.post(form, key=None, status=403), 403, "api_key")
        self.error(self.post(dict(form, api_key="not-a-key"), status=403), 403, "api_key")
        self.error(self.post(dict(form, api_key=self.keys["gone"]), status=403), 403)
        self.error_xml(self.post(form, fmt="xml", key=None, status=403), 403)
        self.post(form, key="other")

    def test_service_code(self):
        where = {"lat": IN_A[0], "long": IN_A[1]}
        self.error(self.post(where, status=400), 400, "service_code")
        self.error(self.post(dict(where, service_code=""), status=400), 400, "service_code")
        self.error(self.post(dict(where, service_code="no.such"), status=404), 404, "no.such")
        self.error(self.post(dict(where, service_code="dispute.neighbour"), status=404), 404)
        self.error_xml(self.post(dict(where, service_code="no.such"), fmt="xml", status=404), 404)

    def test_locations(self):
        base = {"service_code": "traffic.road_damage"}
        self.error(self.post(base, status=400), 400, "location")
        self.error(self.post(dict(base, lat=IN_A[0]), status=400), 400, "long")
        self.error(self.post(dict(base, long=IN_A[1]), status=400), 400, "lat")
        self.error(self.post(dict(base, lat="north", long=IN_A[1]), status=400), 400, "lat")
        self.error(self.post(dict(base, lat=OUTSIDE[0], long=OUTSIDE[1]), status=400), 400, "lat")
        self.error(self.post(dict(base, lat=91, long=IN_A[1]), status=400), 400, "lat")
        # empty optional arguments behave as absent
        rid = self.pothole(address_string="", email="", address_id="")
        self.assertEqual(self.sql("SELECT address FROM requests WHERE id = ?", (rid,))[0][0], "")
        # address_id: a building
        rid = self.post(dict(base, address_id="21"))[0]["service_request_id"]
        self.assertEqual(self.sql("SELECT building_id, grid_id FROM requests WHERE id = ?",
                                  (rid,))[0], (21, 11))
        self.error(self.post(dict(base, address_id="10"), status=400), 400, "address_id")
        self.error(self.post(dict(base, address_id="x"), status=400), 400, "address_id")
        # address_string alone: the one building with that address
        rid = self.post(dict(base, address_string="枫桥路1号1号楼"))[0]["service_request_id"]
        self.assertEqual(self.sql("SELECT building_id FROM requests WHERE id = ?", (rid,))[0][0],
                         20)
        self.error(self.post(dict(base, address_string="月球背面"), status=400), 400,
                   "address_string")
        self.error(self.post(dict(base, address_string="路" * 201, lat=IN_A[0], long=IN_A[1]),
                             status=400), 400, "address_string")

    def test_description_up_to_4000_characters(self):
        text = "坑" * 4000
        rid = self.pothole(description=text)
        (kept,) = self.sql("SELECT description FROM requests WHERE id = ?", (rid,))[0]
        self.assertEqual(kept, text)
        self.error(self.post({"service_code": "traffic.road_damage", "lat": IN_A[0],
                              "long": IN_A[1], "description": text + "坑"}, status=400),
                   400, "description")

    def test_attributes(self):
        lift = {"service_code": "property.elevator", "address_id": "20",
                "description": "电梯停在3楼不动了"}
        self.error(self.post(lift, status=400), 400, "attribute[trapped]")
        self.error(self.post(dict(lift, **{"attribute[trapped]": "maybe"}), status=400), 400,
                   "attribute[trapped]")
        rid = self.post(dict(lift, **{"attribute[trapped]": "yes", "attribute[easting]": "123",
                                      "attribute[title]": "电梯困人"}))[0]["service_request_id"]
        title, text = self.sql("SELECT title, description FROM requests WHERE id = ?", (rid,))[0]
        self.assertEqual(title, "电梯困人")
        self.assertIn("电梯停在3楼不动了", text)
        self.assertIn("是否有人被困在电梯里？有人被困", text)
        self.assertNotIn("easting", text)
        noise = {"service_code": "environment.noise", "lat": IN_B[0], "long": IN_B[1],
                 "attribute[when][]": ["night", "morning"]}
        body = urllib.parse.urlencode(dict(noise, api_key=self.keys["fms"]), doseq=True).encode()
        st, _, payload = self.raw("POST", "/open311/v2/requests.json", body=body,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(st, 200, payload)
        rid = json.loads(payload)[0]["service_request_id"]
        (text,) = self.sql("SELECT description FROM requests WHERE id = ?", (rid,))[0]
        self.assertIn("夜间、早上", text)
        outage = {"service_code": "property.utility_outage", "address_id": "21",
                  "attribute[kind]": "water"}
        self.error(self.post(dict(outage, **{"attribute[since]": "yesterday"}), status=400), 400,
                   "attribute[since]")
        rid = self.post(dict(outage, **{"attribute[since]": "2026-11-23T08:00:00Z"}))[0][
            "service_request_id"]
        (text,) = self.sql("SELECT description FROM requests WHERE id = ?", (rid,))[0]
        self.assertIn("2026-11-23T16:00:00+08:00", text)
        lights = {"service_code": "traffic.street_light", "lat": IN_A[0], "long": IN_A[1]}
        self.error(self.post(dict(lights, **{"attribute[lamps]": "three"}), status=400), 400,
                   "attribute[lamps]")
        self.post(dict(lights, **{"attribute[lamps]": "3"}))

    def test_bad_bodies(self):
        st, _, payload = self.raw("POST", "/open311/v2/requests.json",
                                  body=json.dumps({"api_key": self.keys["fms"]}).encode(),
                                  headers={"Content-Type": "application/json"})
        self.assertEqual(st, 400)
        self.error(json.loads(payload), 400, "x-www-form-urlencoded")
        for body in (b"api_key=%zz", b"description=%E4%B8", b"a=%00"):
            st, _, payload = self.raw("POST", "/open311/v2/requests.json", body=body,
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(st, 400, body)
            self.error(json.loads(payload), 400)
        base = {"service_code": "traffic.road_damage", "lat": IN_A[0], "long": IN_A[1]}
        self.error(self.post(dict(base, media_url="javascript:alert(1)"), status=400), 400,
                   "media_url")
        self.error(self.post(dict(base, email="x" * 201), status=400), 400, "email")
        self.error(self.post(dict(base, description="bell\x07"), status=400), 400, "description")
        self.post(dict(base, description="two\r\nlines\tand a tab"))

    def test_contact_details_are_neither_kept_nor_shown(self):
        rid = self.pothole(**CONTACT)
        dump = "\n".join(str(r) for r in self.sql(
            "SELECT * FROM requests WHERE id = ?", (rid,)) + self.sql(
            "SELECT * FROM request_events WHERE request_id = ?", (rid,)))
        for value in CONTACT.values():
            self.assertNotIn(value, dump)


class ListTest(Open311Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        case = cls("test_list_json")
        cls.pothole_id = case.pothole(description="坑，联系电话 13812345678 或 0731-88886666")
        cls.light_id = case.post({"service_code": "traffic.street_light", "lat": IN_B[0],
                                  "long": IN_B[1], "media_url": "https://img.example.org/l.jpg"}
                                 )[0]["service_request_id"]
        mine = case.raise_self("res1", {"title": "楼道灯坏了，我家302门口", "category":
                                        "property.corridor_light",
                                        "description": "赵德胜1001家门口的灯坏了，电话13800001001",
                                        "address": "幸福里100号302室"})
        cls.self_id = str(mine["id"])
        hidden = case.raise_self("res2", {"title": "有人偷电", "category": "traffic.parking",
                                          "description": "匿名", "anonymous": True,
                                          "address": "幸福里101号302室"})
        cls.anon_id = str(hidden["id"])
        fight = case.raise_self("res2", {"title": "邻居吵架", "category": "dispute.neighbour",
                                         "description": "钱玉兰1011 家吵架",
                                         "address": "幸福里101号302室"})
        cls.private_id = str(fight["id"])

    def find(self, answer, rid):
        return next((r for r in answer if r["service_request_id"] == str(rid)), None)

    def test_list_json(self):
        answer = self.get("/open311/v2/requests.json")
        one = self.find(answer, self.pothole_id)
        self.assertEqual(one["status"], "open")
        self.assertEqual(one["service_code"], "traffic.road_damage")
        self.assertEqual(one["service_name"], "道路破损")
        self.assertRegex(one["requested_datetime"], W3C)
        self.assertRegex(one["updated_datetime"], W3C)
        self.assertRegex(one["expected_datetime"], W3C)
        self.assertEqual(one["status_notes"], "已派单，等待签收")
        self.assertTrue(one["agency_responsible"])
        self.assertAlmostEqual(one["lat"], IN_A[0])
        self.assertAlmostEqual(one["long"], IN_A[1])
        self.assertIsNone(one["address_id"])
        for field in ("service_notice", "zipcode", "media_url"):
            self.assertIn(field, one)
        # published text has its phone numbers masked
        self.assertIn("***********", one["description"])
        self.assertNotIn("13812345678", one["description"])
        self.assertNotIn("88886666", one["description"])
        light = self.find(answer, self.light_id)
        self.assertEqual(light["media_url"], "https://img.example.org/l.jpg")
        self.assertIsNone(self.find(answer, self.private_id))

    def test_list_xml(self):
        root = self.get_xml("/open311/v2/requests.xml")
        self.assertEqual(root.tag, "service_requests")
        rows = {r["service_request_id"]: r for r in xml_list(root, "request")}
        one = rows[self.pothole_id]
        self.assertEqual(one["status"], "open")
        self.assertEqual(one["service_code"], "traffic.road_damage")
        self.assertRegex(one["requested_datetime"], W3C)
        self.assertAlmostEqual(float(one["lat"]), IN_A[0])
        self.assertIsNone(one["zipcode"])
        self.assertNotIn(self.private_id, rows)
        self.assertEqual(len(rows), len(self.get("/open311/v2/requests.json")))

    def test_other_channels_publish_no_text_and_no_household(self):
        one = self.find(self.get("/open311/v2/requests.json"), self.self_id)
        self.assertIsNone(one["description"])
        self.assertEqual(one["address"], "枫桥路1号1号楼")
        self.assertEqual(one["address_id"], "20")
        self.assertAlmostEqual(one["lat"], 34.6051)
        anon = self.find(self.get("/open311/v2/requests.json"), self.anon_id)
        self.assertEqual(anon["address"], "枫桥第二网格")
        self.assertIsNone(anon["lat"])
        self.assertIsNone(anon["long"])
        self.assertIsNone(anon["address_id"])

    def test_one_request(self):
        answer = self.get("/open311/v2/requests/%s.json" % self.pothole_id)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer[0]["service_request_id"], self.pothole_id)
        root = self.get_xml("/open311/v2/requests/%s.xml" % self.pothole_id)
        self.assertEqual(root.tag, "service_requests")
        self.assertEqual(len(root.findall("request")), 1)
        self.assertEqual(root.find("request/service_request_id").text, self.pothole_id)
        self.error(self.get("/open311/v2/requests/999999.json", status=404), 404, "999999")
        self.error(self.get("/open311/v2/requests/%s.json" % self.private_id, status=404), 404)
        self.error(self.get("/open311/v2/requests/abc.json", status=404), 404)
        self.error_xml(self.get_xml("/open311/v2/requests/999999.xml", status=404), 404)

    def test_tokens(self):
        (number,) = self.sql("SELECT number FROM requests WHERE id = ?", (int(self.self_id),))[0]
        answer = self.get("/open311/v2/tokens/%s.json" % number)
        self.assertEqual(answer, [{"service_request_id": self.self_id, "token": number}])
        root = self.get_xml("/open311/v2/tokens/%s.xml" % number)
        self.assertEqual(root.find("request/service_request_id").text, self.self_id)
        self.assertEqual(root.find("request/token").text, number)
        self.error(self.get("/open311/v2/tokens/FQ19990101000001.json", status=404), 404)
        (private,) = self.sql("SELECT number FROM requests WHERE id = ?",
                              (int(self.private_id),))[0]
        self.error(self.get("/open311/v2/tokens/%s.json" % private, status=404), 404)
        self.error_xml(self.get_xml("/open311/v2/tokens/nope.xml", status=404), 404)

    def test_ids_override_every_other_argument(self):
        ids = "%s, %s,999999,%s" % (self.light_id, self.pothole_id, self.private_id)
        answer = self.get("/open311/v2/requests.json",
                          {"service_request_id": ids, "status": "closed",
                           "service_code": "property.elevator",
                           "start_date": "2001-01-01T00:00:00Z"})
        self.assertEqual([r["service_request_id"] for r in answer],
                         [self.light_id, self.pothole_id])
        root = self.get_xml("/open311/v2/requests.xml", {"service_request_id": self.light_id})
        self.assertEqual([r["service_request_id"] for r in xml_list(root, "request")],
                         [self.light_id])
        self.error(self.get("/open311/v2/requests.json", {"service_request_id": "1,x"},
                            status=400), 400, "service_request_id")

    def test_service_code_filter(self):
        answer = self.get("/open311/v2/requests.json", {"service_code": "traffic.road_damage"})
        self.assertTrue(answer)
        self.assertEqual({r["service_code"] for r in answer}, {"traffic.road_damage"})
        both = self.get("/open311/v2/requests.json",
                        {"service_code": "traffic.road_damage,traffic.street_light"})
        self.assertEqual({r["service_code"] for r in both},
                         {"traffic.road_damage", "traffic.street_light"})
        self.error(self.get("/open311/v2/requests.json", {"service_code": "no.such"},
                            status=400), 400, "service_code")
        self.error(self.get("/open311/v2/requests.json", {"service_code": "dispute.neighbour"},
                            status=400), 400, "service_code")
        # empty optional arguments behave as absent
        self.assertEqual(len(self.get("/open311/v2/requests.json",
                                      {"service_code": "", "status": "", "start_date": ""})),
                         len(self.get("/open311/v2/requests.json")))

    def test_status_filter(self):
        rid = int(self.pothole(description="resolve me"))  # starts at the community
        self.act("com", rid, "accept")
        self.act("com", rid, "resolve", {"result": "已填平，联系人赵德胜100"})
        closed = self.get("/open311/v2/requests.json", {"status": "closed"})
        self.assertIn(str(rid), [r["service_request_id"] for r in closed])
        self.assertEqual({r["status"] for r in closed}, {"closed"})
        one = self.find(closed, rid)
        self.assertEqual(one["status_notes"], "已办结，等待回访确认")
        self.assertIsNone(one["expected_datetime"])
        opened = self.get("/open311/v2/requests.json", {"status": "OPEN"})
        self.assertNotIn(str(rid), [r["service_request_id"] for r in opened])
        self.assertEqual({r["status"] for r in opened}, {"open"})
        both = self.get("/open311/v2/requests.json", {"status": "open,closed"})
        self.assertEqual(len(both), len(closed) + len(opened))
        root = self.get_xml("/open311/v2/requests.xml", {"status": "closed"})
        self.assertEqual({r["status"] for r in xml_list(root, "request")}, {"closed"})
        self.error(self.get("/open311/v2/requests.json", {"status": "fixed"}, status=400), 400,
                   "status")

    def test_photos_are_linked(self):
        rid = int(self.pothole(description="photo"))
        self.sql("INSERT INTO request_photos(request_id, kind, mime, bytes, path, created_at)"
                 " VALUES (?, 'report', 'image/jpeg', 10, 'photos/x.jpg', 0)", (rid,))
        (pid,) = self.sql("SELECT max(id) FROM request_photos")[0]
        one = self.get("/open311/v2/requests/%d.json" % rid)[0]
        self.assertEqual(one["media_url"],
                         "http://open311.example.gov/api/v1/requests/%d/photos/%d" % (rid, pid))

    def test_pages(self):
        all_rows = self.get("/open311/v2/requests.json")
        self.assertGreaterEqual(len(all_rows), 3)
        p1 = self.get("/open311/v2/requests.json", {"page_size": "2"})
        p2 = self.get("/open311/v2/requests.json", {"page_size": 2, "page": "2"})
        self.assertEqual(p1 + p2, all_rows[:4])
        times = [r["requested_datetime"] for r in all_rows]
        self.assertEqual(times, sorted(times, reverse=True))
        far = self.get("/open311/v2/requests.json", {"page": 1000})
        self.assertEqual(far, [])
        for bad in ({"page": 0}, {"page_size": 0}, {"page_size": 1001}, {"page": "x"},
                    {"page_size": "-1"}):
            self.error(self.get("/open311/v2/requests.json", bad, status=400), 400)

    def test_dates(self):
        now = int(time.time())
        self.error(self.get("/open311/v2/requests.json",
                            {"start_date": iso(now - 91 * 86400), "end_date": iso(now)},
                            status=400), 400, "90 days")
        self.error(self.get("/open311/v2/requests.json",
                            {"start_date": iso(now), "end_date": iso(now - 60)},
                            status=400), 400, "end_date")
        self.error(self.get("/open311/v2/requests.json", {"start_date": "yesterday"},
                            status=400), 400, "start_date")
        self.error_xml(self.get_xml("/open311/v2/requests.xml", {"end_date": "2026-13-01"},
                                    status=400), 400)
        # 90 days exactly is allowed; Z, no seconds, an unencoded '+' all parse
        self.get("/open311/v2/requests.json",
                 {"start_date": iso(now - 90 * 86400), "end_date": iso(now)})
        self.get("/open311/v2/requests.json", {"start_date": "2026-01-01T00:00Z"})
        path = "/open311/v2/requests.json?end_date=" + iso(now)  # '+' left unencoded
        st, _, payload = self.raw("GET", path)
        self.assertEqual(st, 200, payload)
        before = self.get("/open311/v2/requests.json", {"end_date": iso(now - 3600)})
        self.assertNotIn(self.pothole_id, [r["service_request_id"] for r in before])


class WindowAndCapTest(Open311Case):
    """Rows put straight into the database: old ones outside the default
    window, and more than 1000 inside it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = int(time.time())
        con = sqlite3.connect(cls.db, timeout=30)
        (cat,) = con.execute("SELECT id FROM categories WHERE code = 'environment.garbage'"
                             ).fetchone()
        rows = []
        for i in range(1005):
            rows.append(("FQ20990101%06d" % i, cat, now - 3600 - i, "dispatched"))
        for i in range(3):
            rows.append(("FQ20990102%06d" % i, cat, now - 100 * 86400 - i, "closed"))
        con.executemany(
            "INSERT INTO requests(number, grid_id, unit_path, category_id, channel, title,"
            " description, state, level, created_at, updated_at)"
            " VALUES (?, 10, '/1/2/10/', ?, 'self', '垃圾', '', ?, 2, ?, ?)",
            [(n, c, st, t, t) for n, c, t, st in rows])
        con.commit()
        cls.old_ids = [str(r[0]) for r in con.execute(
            "SELECT id FROM requests WHERE number LIKE 'FQ20990102%' ORDER BY id")]
        con.close()
        cls.now = now

    def test_at_most_1000_rows(self):
        rows = self.get("/open311/v2/requests.json")
        self.assertEqual(len(rows), 1000)
        root = self.get_xml("/open311/v2/requests.xml")
        self.assertEqual(len(root.findall("request")), 1000)
        rest = self.get("/open311/v2/requests.json", {"page": 2})
        self.assertEqual(len(rest), 5)
        self.assertFalse({r["service_request_id"] for r in rows} &
                         {r["service_request_id"] for r in rest})

    def test_the_default_window_is_90_days(self):
        ids = set()
        for page in (1, 2):
            ids |= {r["service_request_id"] for r in
                    self.get("/open311/v2/requests.json", {"page": page})}
        self.assertFalse(ids & set(self.old_ids))
        old = self.get("/open311/v2/requests.json",
                       {"start_date": iso(self.now - 101 * 86400),
                        "end_date": iso(self.now - 99 * 86400)})
        self.assertEqual(sorted(r["service_request_id"] for r in old), sorted(self.old_ids))
        self.assertEqual({r["status"] for r in old}, {"closed"})
        # start_date alone: the 90 days from it
        start_only = self.get("/open311/v2/requests.json",
                              {"start_date": iso(self.now - 101 * 86400)})
        self.assertEqual(sorted(r["service_request_id"] for r in start_only),
                         sorted(self.old_ids))
        # end_date alone: the 90 days up to it
        end_only = self.get("/open311/v2/requests.json",
                            {"end_date": iso(self.now - 99 * 86400)})
        self.assertEqual(sorted(r["service_request_id"] for r in end_only), sorted(self.old_ids))

    def test_ids_reach_outside_the_window(self):
        rows = self.get("/open311/v2/requests.json", {"service_request_id": self.old_ids[0]})
        self.assertEqual([r["service_request_id"] for r in rows], [self.old_ids[0]])


class UpdatesTest(Open311Case):
    def test_updates_follow_the_timeline(self):
        since = iso(int(time.time()) - 5)
        rid = int(self.post({"service_code": "environment.garbage", "lat": IN_A[0],
                             "long": IN_A[1]})[0]["service_request_id"])  # starts at the grid
        self.act("gw_a", rid, "accept")
        self.act("gw_a", rid, "escalate", {"reason": "需要社区协调"})
        self.act("com", rid, "accept")
        self.act("com", rid, "resolve", {"result": "已修好，找了王师傅 13911112222"})
        updates = [u for u in self.get("/open311/v2/servicerequestupdates.json",
                                       {"start_date": since})
                   if u["service_request_id"] == str(rid)]
        self.assertEqual([u["status"] for u in updates],
                         ["open", "open", "open", "open", "open", "closed"])
        notes = [u["description"] for u in updates]
        self.assertEqual(notes[0], "已受理")
        self.assertEqual(notes[2], "已签收，正在办理")
        self.assertEqual(notes[3], "已上报至社区（村）")
        self.assertEqual(notes[-1], "已办结，等待回访确认")
        ids = [int(u["update_id"]) for u in updates]
        self.assertEqual(ids, sorted(ids))
        for u in updates:
            self.assertRegex(u["updated_datetime"], W3C)
            self.assertIn("media_url", u)
        root = self.get_xml("/open311/v2/servicerequestupdates.xml", {"start_date": since})
        self.assertEqual(root.tag, "service_request_updates")
        mine = [u for u in xml_list(root, "request_update")
                if u["service_request_id"] == str(rid)]
        self.assertEqual([u["status"] for u in mine], [u["status"] for u in updates])
        # the request itself now says closed, with the timeline's note
        one = self.get("/open311/v2/requests/%d.json" % rid)[0]
        self.assertEqual(one["status"], "closed")
        self.assertEqual(one["agency_responsible"], "枫桥社区")

    def test_updates_window(self):
        now = int(time.time())
        self.error(self.get("/open311/v2/servicerequestupdates.json",
                            {"start_date": iso(now - 100 * 86400), "end_date": iso(now)},
                            status=400), 400, "90 days")
        self.error_xml(self.get_xml("/open311/v2/servicerequestupdates.xml",
                                    {"start_date": "nonsense"}, status=400), 400)
        rid = self.pothole(description="recent")
        recent = self.get("/open311/v2/servicerequestupdates.json")
        self.assertIn(rid, [u["service_request_id"] for u in recent])
        old = self.get("/open311/v2/servicerequestupdates.json",
                       {"start_date": iso(now - 80 * 86400), "end_date": iso(now - 70 * 86400)})
        self.assertNotIn(rid, [u["service_request_id"] for u in old])
        page = self.get("/open311/v2/servicerequestupdates.json", {"page_size": 1})
        self.assertEqual(len(page), 1)

    def test_private_requests_have_no_updates(self):
        since = iso(int(time.time()) - 5)
        fight = self.raise_self("res2", {"title": "吵架", "category": "dispute.neighbour",
                                         "address": "楼下"})
        updates = self.get("/open311/v2/servicerequestupdates.json", {"start_date": since})
        self.assertNotIn(str(fight["id"]), [u["service_request_id"] for u in updates])


class PersonalDataTest(Open311Case):
    def test_no_answer_carries_personal_data(self):
        """Runs every endpoint after raising requests through every path,
        then scans everything any test of this class received."""
        mine = self.raise_self("res1", {"title": "门口垃圾", "category": "environment.garbage",
                                        "description": "赵德胜1001 电话 13800001001",
                                        "address": "幸福里100号302室"})
        self.act("gw_a", mine["id"], "accept", {"note": "已联系赵德胜1001"})
        self.pothole(description="无", **CONTACT)
        for fmt in ("json", "xml"):
            self.raw("GET", "/open311/v2/requests." + fmt)
            self.raw("GET", "/open311/v2/servicerequestupdates." + fmt)
            self.raw("GET", "/open311/v2/requests/%d.%s" % (mine["id"], fmt))
            self.raw("GET", "/open311/v2/services." + fmt)
            self.raw("GET", "/open311/v2/discovery." + fmt)
        secrets = set(CONTACT.values())
        for person, hh, name, phone in person_rows():
            secrets |= {name, phone, "幸福里%d号302室" % hh}
        secrets |= {"职员" + a[0].upper() for a in ACCOUNTS}
        secrets |= set(self.keys.values())
        text = b"\n".join(type(self).answers).decode("utf-8")
        for s in secrets:
            if len(s) >= 2:
                self.assertFalse(s in text, "personal data in an answer: %r" % s)


class RateLimitTest(Open311Case):
    def test_posts_per_key(self):
        bad = {"service_code": "no.such", "lat": IN_A[0], "long": IN_A[1]}
        for _ in range(60):
            self.post(bad, key="other", status=404)
        st, hdrs, payload = self.raw("POST", "/open311/v2/requests.json",
                                     form=dict(bad, api_key=self.keys["other"]))
        self.assertEqual(st, 429)
        self.error(json.loads(payload), 429)
        self.assertGreaterEqual(int(hdrs["Retry-After"]), 1)
        # another key has its own budget
        self.post(bad, key="fms", status=404)

    def burst(self, path, n):
        """n GETs of path on one kept-alive connection; all must be 200."""
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=60)
        try:
            for _ in range(n):
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                self.assertEqual(resp.status, 200)
        finally:
            conn.close()

    def test_gets_per_key_and_per_address(self):
        path = "/open311/v2/discovery.json"
        self.burst(path + "?api_key=" + self.keys["fms"], 600)
        st, hdrs, payload = self.raw("GET", path, {"api_key": self.keys["fms"]})
        self.assertEqual(st, 429)
        self.assertIn("Retry-After", hdrs)
        st, _, payload = self.raw("GET", "/open311/v2/discovery.xml", {"api_key": self.keys["fms"]})
        self.assertEqual(st, 429)
        self.error_xml(xml_doc(payload), 429)
        # without a key: the address's own budget
        self.burst(path, 599)
        self.assertEqual(self.raw("GET", path)[0], 200)
        self.assertEqual(self.raw("GET", path)[0], 429)

    def test_a_key_given_on_a_get_must_be_valid(self):
        self.error(self.get("/open311/v2/services.json", {"api_key": "nope"}, status=403), 403)
        self.error(self.get("/open311/v2/services.json", {"api_key": self.keys["gone"]},
                            status=403), 403)


class ApiKeyCommandTest(unittest.TestCase):
    def setUp(self):
        self.db, _ = fresh_db()

    def tearDown(self):
        shutil.rmtree(os.path.dirname(self.db), ignore_errors=True)

    def test_add_list_revoke(self):
        out = apikey(self.db, "add", "--name", "dashboard").stdout
        key = key_of(out)
        self.assertRegex(key, r"^[A-Za-z0-9_-]{43}$")
        con = sqlite3.connect(self.db)
        dump = "\n".join(str(r) for r in con.execute("SELECT * FROM open311_keys"))
        self.assertNotIn(key, dump)
        (account,) = con.execute("SELECT a.username FROM open311_keys k JOIN accounts a"
                                 " ON a.id = k.account_id WHERE k.name = 'dashboard'").fetchone()
        self.assertEqual(account, "open311.dashboard")
        (role, unit) = con.execute("SELECT role, unit_id FROM account_roles r JOIN accounts a"
                                   " ON a.id = r.account_id WHERE a.username = ?",
                                   (account,)).fetchone()
        self.assertEqual((role, unit), ("resident", 0))
        con.close()
        listing = apikey(self.db, "list").stdout
        self.assertIn("dashboard", listing)
        self.assertIn(key[:8], listing)
        self.assertNotIn(key, listing)
        again = apikey(self.db, "add", "--name", "dashboard", check=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("dashboard", again.stderr)
        apikey(self.db, "revoke", "--name", "dashboard")
        self.assertEqual(apikey(self.db, "revoke", "--name", "dashboard", check=False).returncode,
                         1)
        # a new key after the revocation, on the same account
        key2 = key_of(apikey(self.db, "add", "--name", "dashboard").stdout)
        self.assertNotEqual(key, key2)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT count(DISTINCT account_id), count(*) FROM open311_keys"
                                     " WHERE name = 'dashboard'").fetchone(), (1, 2))
        (audits,) = con.execute("SELECT count(*) FROM audit_log WHERE subject ="
                                " 'open311:dashboard'").fetchone()
        self.assertEqual(audits, 3)
        con.close()

    def test_bad_usage(self):
        for args in (("add", "--name", "Bad Name"), ("add", "--name", "x" * 33),
                     ("list", "--name", "x"), ("frobnicate",)):
            p = fq.run("apikey", *args, "--db", self.db, check=False)
            self.assertEqual(p.returncode, 2, args)
        self.assertEqual(fq.run("apikey", "help", check=False).returncode, 0)


if __name__ == "__main__":
    fq.main()
