"""Cloud mediation (云调解) over real HTTP: a mediator makes a private link
for a party, the party trades it for a party session and reads and posts
in that one case's thread; attachments by magic bytes with their
metadata gone, the size cap (413 naming the field) and wrong types (415),
truncated pictures refused before any decoding (422) and one upload
decoding per party at a time (429);
link expiry and revocation (401); a party session reaches nothing else in
the API; every read and post is audited; staff scope (404 outside it),
unread counts, retraction, and a resident whose person is a party sees
the case in /mine.

The disputes API (another part of issue 5) is not relied on: the org tree,
people, cases, parties and mediators are written with Python's sqlite3
into a database made by `fengqiao init`, in the columns the disputes
migration defines; the accounts with `fengqiao user add`."""
import json
import os
import secrets
import shutil
import sqlite3
import struct
import tempfile
import threading
import time
import unittest
import zlib
from datetime import datetime

import fq
import test_photos as tp

PASSWORD = "mediation-test-pass"
TEXT_SECRET = b"TEXT-SECRET-ADDRESS"
FILE_CAP = 5 * 1024 * 1024  # MED_FILE_BYTES_MAX

UNITS = [
    (1, None, "street", "410306001", "吉利街道", "/1/"),
    (2, 1, "community", "410306001001", "枫桥社区", "/1/2/"),
    (3, 1, "community", "410306001002", "云溪社区", "/1/3/"),
    (10, 2, "grid", "410306001001001", "枫桥第一网格", "/1/2/10/"),
    (20, 10, "building", "B20", "1号楼", "/1/2/10/20/"),
]

# username, role, unit code, person
ACCOUNTS = [
    ("med", "mediator", "410306001001", None),       # community 2: reaches case 1
    ("med_far", "mediator", "410306001002", None),   # community 3: reaches case 2 only
    ("talent", "talent", "410306001001001", None),   # listed as case 1's mediator
    ("gwk", "grid_worker", "410306001001001", None),  # grid 10: reaches case 1
    ("res", "resident", "410306001001001", 1001),    # 张三, a party of case 1
    ("res2", "resident", "410306001001001", 1003),   # nobody's party
]


def png_with_text(w=4, h=3):
    """A small RGB PNG carrying a tEXt chunk that must not be kept."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + bytes([200, 100, 50]) * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"tEXt", b"Comment\x00" + TEXT_SECRET) + chunk(b"IDAT", zlib.compress(raw)) +
            chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def multipart(parts):
    """parts: (field, filename or None, content type or None, bytes)."""
    boundary = "fq-test-" + secrets.token_hex(8)
    out = b""
    for name, filename, ctype, data in parts:
        disp = 'form-data; name="%s"' % name
        if filename:
            disp += '; filename="%s"' % filename
        out += b"--" + boundary.encode() + b"\r\n"
        out += b"Content-Disposition: " + disp.encode() + b"\r\n"
        if ctype:
            out += b"Content-Type: " + ctype.encode() + b"\r\n"
        out += b"\r\n" + data + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return out, "multipart/form-data; boundary=" + boundary


def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath in UNITS:
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id)"
                   " VALUES (?,?,?,?,?,?,1)", (uid, parent, kind, code, name, upath))
    db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
               " VALUES (100, 'H100', 20, 10, '金沙路1号', 1)")
    for pid, name, phone in ((1001, "张三", "13900001001"), (1002, "李四", "13900001002"),
                             (1003, "王五", "13900001003")):
        db.execute("INSERT INTO persons(id, household_id, name, phone, street_id)"
                   " VALUES (?, 100, ?, ?, 1)", (pid, name, phone))
    db.commit()
    db.close()
    for username, role, code, person in ACCOUNTS:
        extra = ["--person-id", str(person)] if person else []
        fq.run("user", "add", "--db", path, "--username", username, "--role", role,
               "--unit", code, *extra, stdin=PASSWORD + "\n")
    db = sqlite3.connect(path)
    ids = dict(db.execute("SELECT username, id FROM accounts"))
    now = int(time.time())
    # case 1 in grid 10 (community 2), case 2 in community 3, case 3 closed in grid 10
    for did, unit, upath, number, state in ((1, 10, "/1/2/10/", "TJ2025000001", "mediating"),
                                            (2, 3, "/1/3/", "TJ2025000002", "mediating"),
                                            (3, 10, "/1/2/10/", "TJ2025000003", "closed")):
        db.execute("INSERT INTO disputes(id, number, unit_id, unit_path, level, state, type,"
                   " source, title, facts, target_due, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, 1, ?, 'neighbour', 'party_application', '楼上漏水',"
                   " '卫生间漏水到楼下', ?, ?, ?)",
                   (did, number, unit, upath, state, now + 30 * 86400, now, now))
    for pid, did, person, name, phone, role in (
            (11, 1, 1001, "张三", "13900001001", "applicant"),
            (12, 1, 1002, "李四", "13900001002", "respondent"),
            (21, 2, None, "赵六", "13900002001", "applicant"),
            (31, 3, 1001, "张三", "13900001001", "applicant")):
        db.execute("INSERT INTO dispute_parties(id, dispute_id, person_id, name, phone, role)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (pid, did, person, name, phone, role))
    db.execute("INSERT INTO dispute_mediators(dispute_id, account_id, lead) VALUES (1, ?, 1)",
               (ids["talent"],))
    db.commit()
    db.close()


class MediationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-mediation-")
        cls.db = os.path.join(cls.dir, "mediation.db")
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
        shutil.rmtree(cls.dir, ignore_errors=True)

    # -- helpers --

    def auth(self, user):
        return {"Authorization": "Bearer " + self.tokens[user]}

    def sql(self, query, args=()):
        con = sqlite3.connect(self.db, timeout=30)
        try:
            return con.execute(query, args).fetchall()
        finally:
            con.close()

    def link(self, party=12, case=1, user="med", **extra):
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/%d/links" % case,
                                 {"party_id": party, **extra}, headers=self.auth(user))
        self.assertEqual(st, 201, body)
        return body

    def join(self, token):
        return self.srv.json("POST", "/api/v1/mediation/join", {"token": token})

    def party(self, party=12, case=1):
        """A fresh party session (bearer) for party of case."""
        st, body = self.join(self.link(party, case)["token"])
        self.assertEqual(st, 200, body)
        return {"Authorization": "Bearer " + body["token"]}

    def upload(self, headers, parts, path="/api/v1/mediation/party/attachments"):
        data, ctype = multipart(parts)
        h = dict(headers)
        h["Content-Type"] = ctype
        return self.srv.json("POST", path, raw=data, headers=h)

    # -- links and the party's thread --

    def test_link_exchange_read_post(self):
        made = self.link(12)
        self.assertTrue(made["url"].startswith("http://127.0.0.1:%d/mediate/#t=" % self.srv.port))
        self.assertEqual(len(made["token"]), 43)
        self.assertTrue(made["url"].endswith(made["token"]))
        self.assertIn("<svg", made["qr_svg"])
        self.assertEqual(made["state"], "active")
        # the token is never stored, only its hash
        rows = self.sql("SELECT token_hash FROM mediation_links WHERE id = ?", (made["id"],))
        self.assertNotIn(made["token"].encode(), bytes(rows[0][0]))
        self.assertEqual(len(rows[0][0]), 32)
        st, joined = self.join(made["token"])
        self.assertEqual(st, 200, joined)
        self.assertEqual(joined["party"], {"id": 12, "name": "李四"})
        self.assertIn("fq_party=", self.srv.request(
            "POST", "/api/v1/mediation/join", {"token": made["token"]})[1]["Set-Cookie"])
        h = {"Authorization": "Bearer " + joined["token"]}
        st, msg = self.srv.json("POST", "/api/v1/mediation/party/messages",
                                {"body": "我是李四，漏水不是我家的问题"}, headers=h)
        self.assertEqual(st, 201, msg)
        self.assertEqual(msg["author"]["kind"], "party")
        self.assertTrue(msg["mine"])
        st, thread = self.srv.json("GET", "/api/v1/mediation/party", headers=h)
        self.assertEqual(st, 200, thread)
        self.assertEqual(thread["case"]["number"], "TJ2025000001")
        self.assertEqual(thread["case"]["type"], "neighbour")
        self.assertEqual([p["name"] for p in thread["parties"]], ["张三", "李四"])
        self.assertEqual(thread["mediators"][0]["display_name"], "talent")
        text = str(thread)
        for phone in ("13900001001", "13900001002"):
            self.assertNotIn(phone, text)
        self.assertIn("我是李四", [m["body"] for m in thread["messages"]][-1])
        # the mediator sees it and answers; the party sees the answer by polling
        last = thread["last_id"]
        st, out = self.srv.json("POST", "/api/v1/mediation/cases/1/messages",
                                {"body": "收到，周三上午来社区调解室"}, headers=self.auth("med"))
        self.assertEqual(st, 201, out)
        self.assertEqual(out["author"]["kind"], "mediator")
        st, poll = self.srv.json("GET", "/api/v1/mediation/party?after=%d" % last, headers=h)
        self.assertEqual(st, 200)
        self.assertEqual([m["body"] for m in poll["messages"]], ["收到，周三上午来社区调解室"])
        self.assertFalse(poll["messages"][0]["mine"])
        self.assertNotIn("case", poll)

    def test_wrong_and_malformed_tokens(self):
        for token in ("A" * 43, "short", "x" * 80):
            st, body = self.join(token)
            self.assertEqual(st, 401, (token, body))
            self.assertEqual(body["error"]["field"], "token")
        st, _ = self.srv.json("GET", "/api/v1/mediation/party",
                              headers={"Authorization": "Bearer " + "B" * 43})
        self.assertEqual(st, 401)
        st, _ = self.srv.json("GET", "/api/v1/mediation/party")
        self.assertEqual(st, 401)

    def test_cookie_writes_need_csrf(self):
        st, hdrs, raw = self.srv.request("POST", "/api/v1/mediation/join",
                                         {"token": self.link(12)["token"]})
        self.assertEqual(st, 200)
        joined = json.loads(raw)
        cookie = hdrs["Set-Cookie"].split(";")[0]
        self.assertIn("HttpOnly", hdrs["Set-Cookie"])
        self.assertIn("SameSite=Strict", hdrs["Set-Cookie"])
        self.assertIn("Path=/api/v1/mediation/party", hdrs["Set-Cookie"])
        st, _ = self.srv.json("GET", "/api/v1/mediation/party", headers={"Cookie": cookie})
        self.assertEqual(st, 200)
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": "无令牌"},
                                 headers={"Cookie": cookie})
        self.assertEqual(st, 403, body)
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": "有令牌"},
                                 headers={"Cookie": cookie, "X-CSRF-Token": joined["csrf_token"]})
        self.assertEqual(st, 201, body)

    def test_link_origin(self):
        made = self.link(12)
        self.assertTrue(made["url"].startswith("http://127.0.0.1:%d/mediate/#t=" % self.srv.port))
        before = self.sql("SELECT count(*) FROM mediation_links")[0][0]
        for host in ("evil.example", "evil.example:443", "192.0.2.1"):
            st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links", {"party_id": 12},
                                     headers=dict(self.auth("med"), Host=host,
                                                  **{"X-Forwarded-Proto": "https"}))
            self.assertEqual((st, body["error"]["field"]), (400, "Host"), host)
            self.assertIn("public_url", body["error"]["message"])
        self.assertEqual(self.sql("SELECT count(*) FROM mediation_links")[0][0], before)
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links", {"party_id": 12},
                                 headers=dict(self.auth("med"), Host="localhost:%d" % self.srv.port,
                                              **{"X-Forwarded-Proto": "https"}))
        self.assertEqual(st, 201, body)
        self.assertTrue(body["url"].startswith("https://localhost:%d/mediate/#t=" % self.srv.port))
        public = fq.Server(db=self.db, extra=("--public-url", "https://fq.example.org"))
        try:
            st, body = public.json("POST", "/api/v1/mediation/cases/1/links", {"party_id": 12},
                                   headers=dict(self.auth("med"), Host="evil.example"))
        finally:
            public.stop()
        self.assertEqual(st, 201, body)
        self.assertTrue(body["url"].startswith("https://fq.example.org/mediate/#t="), body["url"])

    def test_expiry(self):
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links",
                                 {"party_id": 12, "expires_in_s": 31 * 86400},
                                 headers=self.auth("med"))
        self.assertEqual((st, body["error"]["field"]), (422, "expires_in_s"))
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links",
                                 {"party_id": 12, "expires_in_s": -5}, headers=self.auth("med"))
        self.assertEqual((st, body["error"]["field"]), (422, "expires_in_s"))
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links",
                                 {"party_id": 12, "expires_in_s": 0}, headers=self.auth("med"))
        self.assertEqual((st, body["error"]["field"]), (422, "expires_in_s"))
        default = self.link(12)
        created = time.time()
        left = datetime.fromisoformat(default["expires_at"]).timestamp() - created
        self.assertAlmostEqual(left, 7 * 86400, delta=5)
        short = self.link(12, expires_in_s=10)  # room to join however busy the machine
        st, joined = self.join(short["token"])
        self.assertEqual(st, 200, joined)
        h = {"Authorization": "Bearer " + joined["token"]}
        expires = datetime.fromisoformat(short["expires_at"]).timestamp()
        while time.time() < expires + 1:  # until the link's own expiry has passed
            time.sleep(0.1)
        st, body = self.join(short["token"])
        self.assertEqual(st, 401, body)
        self.assertIn("expired", body["error"]["message"])
        # the session opened before does not outlive its link
        st, body = self.srv.json("GET", "/api/v1/mediation/party", headers=h)
        self.assertEqual(st, 401, body)
        self.assertIn("expired", body["error"]["message"])

    def test_revoke(self):
        made = self.link(12)
        st, joined = self.join(made["token"])
        h = {"Authorization": "Bearer " + joined["token"]}
        st, body = self.srv.json("POST", "/api/v1/mediation/links/%d/revoke" % made["id"],
                                 headers=self.auth("med_far"))
        self.assertEqual(st, 404, body)  # outside med_far's scope
        st, body = self.srv.json("POST", "/api/v1/mediation/links/%d/revoke" % made["id"],
                                 headers=self.auth("talent"))
        self.assertEqual(st, 200, body)
        self.assertEqual(body["state"], "revoked")
        st, body = self.join(made["token"])
        self.assertEqual(st, 401)
        self.assertIn("withdrawn", body["error"]["message"])
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": "还在吗"},
                                 headers=h)
        self.assertEqual(st, 401, body)
        st, links = self.srv.json("GET", "/api/v1/mediation/cases/1/links", headers=self.auth("med"))
        self.assertEqual(st, 200)
        mine = [l for l in links["items"] if l["id"] == made["id"]][0]
        self.assertEqual(mine["state"], "revoked")
        self.assertIsNotNone(mine["last_used_at"])
        self.assertNotIn("token", mine)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action ="
                                  " 'mediation_link_revoke' AND subject = 'dispute:1'")[0][0], 1)

    def test_party_reaches_nothing_else(self):
        made = self.link(21, case=2, user="med_far")
        st, joined = self.join(made["token"])
        self.assertEqual(st, 200, joined)
        bearer = {"Authorization": "Bearer " + joined["token"]}
        st, thread = self.srv.json("GET", "/api/v1/mediation/party", headers=bearer)
        self.assertEqual(thread["case"]["id"], 2)
        for path in ("/api/v1/me", "/api/v1/mediation/cases/1", "/api/v1/mediation/cases/2",
                     "/api/v1/mediation/cases", "/api/v1/mediation/mine", "/api/v1/requests",
                     "/api/v1/org/units"):
            st, body = self.srv.json("GET", path, headers=bearer)
            self.assertEqual(st, 401, (path, body))
        st, _, _ = self.srv.request("GET", "/api/v1/me",
                                    headers={"Cookie": "fq_party=" + joined["token"]})
        self.assertEqual(st, 401)
        # an attachment of case 1 is not reachable from case 2's session
        st, up = self.upload(self.party(12), [("file", "a.pdf", "application/pdf", PDF)])
        self.assertEqual(st, 201, up)
        att = up["attachments"][0]["id"]
        st, _, _ = self.srv.request("GET", "/api/v1/mediation/party/attachments/%d" % att,
                                    headers=bearer)
        self.assertEqual(st, 404)
        # a message id of another case cannot be retracted either
        st, _ = self.srv.json("POST", "/api/v1/mediation/party/messages/%d/retract" % up["id"],
                              headers=bearer)
        self.assertEqual(st, 404)

    # -- attachments --

    def test_attachments(self):
        h = self.party(12)
        png = png_with_text()
        st, msg = self.upload(h, [("file", "../../现场照片.png", "image/png", png),
                                  ("file", "协议 草稿.pdf", "application/pdf", PDF),
                                  ("body", None, None, "照片和协议草稿".encode())])
        self.assertEqual(st, 201, msg)
        self.assertEqual(msg["body"], "照片和协议草稿")
        a, b = msg["attachments"]
        self.assertEqual((a["content_type"], a["file_name"], a["width"]), ("image/png", "现场照片.png", 4))
        self.assertEqual((b["content_type"], b["file_name"]), ("application/pdf", "协议 草稿.pdf"))
        # the upload's answer counts the bytes kept, as every later read does
        self.assertEqual(b["bytes"], len(PDF))
        self.assertGreater(a["bytes"], 0)
        st, thread = self.srv.json("GET", "/api/v1/mediation/party", headers=h)
        self.assertEqual(st, 200, thread)
        later = {t["id"]: t["bytes"] for m in thread["messages"] for t in m["attachments"]}
        self.assertEqual((later[a["id"]], later[b["id"]]), (a["bytes"], b["bytes"]))
        st, hdrs, data = self.srv.request("GET", a["url"], headers=h)
        self.assertEqual(st, 200)
        self.assertTrue(data.startswith(b"\x89PNG"))
        self.assertNotIn(TEXT_SECRET, data)
        st, hdrs, data = self.srv.request("GET", a["thumb_url"], headers=h)
        self.assertEqual((st, hdrs["Content-Type"]), (200, "image/jpeg"))
        st, hdrs, data = self.srv.request("GET", b["url"], headers=h)
        self.assertEqual(data, PDF)
        self.assertTrue(hdrs["Content-Disposition"].startswith("attachment;"))
        # the mediator reads the same file through the case's route
        st, _, data = self.srv.request(
            "GET", "/api/v1/mediation/cases/1/attachments/%d" % b["id"], headers=self.auth("med"))
        self.assertEqual((st, data), (200, PDF))

    def test_attachment_limits(self):
        h = self.party(12)
        before = self.sql("SELECT count(*) FROM mediation_messages")[0][0]
        big = b"%PDF-" + b"0" * FILE_CAP
        st, body = self.upload(h, [("file", "big.pdf", "application/pdf", big)])
        self.assertEqual(st, 413, body)
        self.assertEqual(body["error"]["field"], "file")
        st, body = self.upload(h, [("file", "x.exe", "image/png", b"MZ\x90\x00" * 100)])
        self.assertEqual(st, 415, body)
        self.assertEqual(body["error"]["field"], "file")
        st, body = self.upload(h, [("file", "x.pdf", None, PDF)] * 5)
        self.assertEqual(st, 413, body)
        self.assertEqual(body["error"]["field"], "file")
        st, body = self.upload(h, [("body", None, None, b"no file")])
        self.assertEqual((st, body["error"]["field"]), (422, "file"))
        st, body = self.upload(h, [("file", "broken.png", None, b"\x89PNG\r\n\x1a\n" + b"\0" * 40)])
        self.assertEqual((st, body["error"]["field"]), (422, "file"))
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages",
                                 {"body": "长" * 2001}, headers=h)
        self.assertEqual((st, body["error"]["field"]), (422, "body"))
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": "  \n"},
                                 headers=h)
        self.assertEqual((st, body["error"]["field"]), (422, "body"))
        # a refused post leaves nothing behind
        self.assertEqual(self.sql("SELECT count(*) FROM mediation_messages")[0][0], before)

    def test_attachment_decoding(self):
        """A party by link is held to what request photos are: every file
        checked before any is decoded (a header claiming 8000 x 6000 over
        2 KB is truncated: 422 at once), and one upload decoding at a time
        (two at the same moment: one 201, one 429 with Retry-After)."""
        h = self.party(12)
        bombs = [("file", "b%d.jpg" % i, None, tp.jpeg_claiming(8000, 6000)) for i in range(4)]
        started = time.monotonic()
        st, body = self.upload(h, bombs)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual((st, body["error"]["field"]), (422, "file"), body)
        self.assertIn("file 1 of 4", body["error"]["message"])
        self.assertIn("truncated", body["error"]["message"])
        phone = tp.GD.encode(4000, 3000, "jpeg")
        parts = [("file", "p%d.jpg" % i, None, phone) for i in range(4)]
        data, ctype = multipart(parts)
        results = []

        def post():
            results.append(self.srv.request("POST", "/api/v1/mediation/party/attachments",
                                            raw=data, headers=dict(h, **{"Content-Type": ctype})))
        threads = [threading.Thread(target=post) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        results.sort(key=lambda r: r[0])
        self.assertEqual([r[0] for r in results], [201, 429])
        self.assertGreaterEqual(int(results[1][1]["Retry-After"]), 1)
        self.assertEqual(json.loads(results[1][2])["error"]["field"], "file")

    # -- staff --

    def test_staff_scope_and_unread(self):
        st, body = self.srv.json("GET", "/api/v1/mediation/cases/1", headers=self.auth("med_far"))
        self.assertEqual(st, 404, body)
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links", {"party_id": 12},
                                 headers=self.auth("med_far"))
        self.assertEqual(st, 404, body)
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/links", {"party_id": 21},
                                 headers=self.auth("med"))
        self.assertEqual((st, body["error"]["field"]), (422, "party_id"))
        st, body = self.srv.json("GET", "/api/v1/mediation/cases/1", headers=self.auth("res2"))
        self.assertEqual(st, 404)
        for user in ("med", "talent", "gwk"):
            st, body = self.srv.json("GET", "/api/v1/mediation/cases/1", headers=self.auth(user))
            self.assertEqual(st, 200, (user, body))
        st, lst = self.srv.json("GET", "/api/v1/mediation/cases", headers=self.auth("med_far"))
        self.assertEqual([c["id"] for c in lst["items"]], [2])
        h = self.party(12)
        for text in ("第一条", "第二条"):
            self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": text}, headers=h)
        st, lst = self.srv.json("GET", "/api/v1/mediation/cases", headers=self.auth("talent"))
        case1 = [c for c in lst["items"] if c["id"] == 1][0]
        self.assertEqual(case1["unread"], 2)
        self.srv.json("GET", "/api/v1/mediation/cases/1", headers=self.auth("talent"))
        st, lst = self.srv.json("GET", "/api/v1/mediation/cases", headers=self.auth("talent"))
        self.assertEqual([c["unread"] for c in lst["items"] if c["id"] == 1], [0])

    def test_retract_keeps(self):
        h = self.party(12)
        st, msg = self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": "说错了"},
                                headers=h)
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/1/messages/%d/retract" % msg["id"],
                                 headers=self.auth("med"))
        self.assertEqual(st, 403, body)  # not the author
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages/%d/retract" % msg["id"],
                                 headers=h)
        self.assertEqual(st, 200, body)
        self.assertIsNotNone(body["retracted_at"])
        self.assertEqual(body["body"], "说错了")
        st, body = self.srv.json("POST", "/api/v1/mediation/party/messages/%d/retract" % msg["id"],
                                 headers=h)
        self.assertEqual(st, 409)
        self.assertEqual(self.sql("SELECT body FROM mediation_messages WHERE id = ?",
                                  (msg["id"],))[0][0], "说错了")
        with self.assertRaises(sqlite3.DatabaseError):
            con = sqlite3.connect(self.db, timeout=30)
            try:
                con.execute("DELETE FROM mediation_messages WHERE id = ?", (msg["id"],))
            finally:
                con.close()

    def test_closed_case_is_read_only(self):
        st, body = self.srv.json("POST", "/api/v1/mediation/cases/3/messages", {"body": "还能说吗"},
                                 headers=self.auth("med"))
        self.assertEqual(st, 409, body)
        st, body = self.srv.json("GET", "/api/v1/mediation/cases/3", headers=self.auth("med"))
        self.assertEqual(st, 200)
        self.assertFalse(body["open"])

    def test_audit_rows(self):
        h = self.party(12)
        count = lambda: self.sql("SELECT count(*) FROM audit_log WHERE action = 'mediation_read'"
                                 " AND subject = 'dispute:1'")[0][0]
        before = count()
        self.srv.json("GET", "/api/v1/mediation/party", headers=h)
        self.srv.json("GET", "/api/v1/mediation/cases/1", headers=self.auth("gwk"))
        self.assertEqual(count(), before + 2)
        rows = self.sql("SELECT account_id, detail FROM audit_log WHERE action = 'mediation_read'"
                        " AND subject = 'dispute:1' ORDER BY id DESC LIMIT 2")
        ids = dict(self.sql("SELECT username, id FROM accounts"))
        self.assertEqual(rows[0], (ids["gwk"], None))
        self.assertIsNone(rows[1][0])
        self.assertTrue(rows[1][1].startswith("party:12 link:"))
        # a poll that finds nothing new shows nothing and writes no row
        st, t = self.srv.json("GET", "/api/v1/mediation/cases/1?after=999999999",
                              headers=self.auth("gwk"))
        self.assertEqual((st, t["messages"]), (200, []))
        self.assertEqual(count(), before + 2)
        st, msg = self.srv.json("POST", "/api/v1/mediation/party/messages", {"body": "留痕"},
                                headers=h)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = 'mediation_post'"
                                  " AND detail LIKE ?", ("message:%d %%" % msg["id"],))[0][0], 1)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = 'mediation_join'"
                                  " AND subject = 'dispute:1'")[0][0] >= 1, True)

    def test_resident_party_mine(self):
        st, mine = self.srv.json("GET", "/api/v1/mediation/mine", headers=self.auth("res"))
        self.assertEqual(st, 200, mine)
        self.assertEqual(sorted(c["id"] for c in mine["items"]), [1, 3])
        st, mine = self.srv.json("GET", "/api/v1/mediation/mine", headers=self.auth("res2"))
        self.assertEqual(mine["items"], [])
        st, thread = self.srv.json("GET", "/api/v1/mediation/cases/1", headers=self.auth("res"))
        self.assertEqual(st, 200, thread)
        self.assertEqual(thread["you"], {"kind": "party", "party_id": 11})
        st, msg = self.srv.json("POST", "/api/v1/mediation/cases/1/messages", {"body": "我是张三"},
                                headers=self.auth("res"))
        self.assertEqual(st, 201, msg)
        self.assertEqual(msg["author"], {"kind": "party", "name": "张三", "party_id": 11})
        # a resident cannot make links or see another case
        st, _ = self.srv.json("POST", "/api/v1/mediation/cases/1/links", {"party_id": 12},
                              headers=self.auth("res"))
        self.assertEqual(st, 404)
        st, _ = self.srv.json("GET", "/api/v1/mediation/cases/2", headers=self.auth("res"))
        self.assertEqual(st, 404)


if __name__ == "__main__":
    fq.main()
