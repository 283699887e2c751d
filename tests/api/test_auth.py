"""Accounts, sessions and authentication over real HTTP and the real
`fengqiao user` command: login and its refusals, bearer and cookie
authentication, CSRF on cookie writes, logout, expiry, the failed-login
throttle (429 with Retry-After), /api/v1/me, role checks on routes, and
`user add/list/passwd/disable/enable`.

The database is made with `fengqiao init`; the few units, the household,
the person and the 邻长 record that accounts refer to are inserted with
SQL, since loading the org tree is another command's job. Each login
comes from its own loopback address (127.0.x.y) so that the per-address
throttle of one test never spills into another."""
import datetime
import hashlib
import http.client
import json
import os
import re
import sqlite3
import tempfile
import time
import unittest

import fq

PASSWORD = "secret-pass-1"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")

FIXTURE = """
INSERT INTO units(id, parent_id, kind, code, name, path) VALUES
  (1, NULL, 'street', '430181001', '吉利街道', '/1/'),
  (2, 1, 'community', '430181001001', '金沙社区', '/1/2/'),
  (3, 2, 'grid', '430181001001001', '金沙第1网格', '/1/2/3/'),
  (4, 1, 'community', '430181001002', '枫桥社区', '/1/4/'),
  (5, 3, 'building', '430181001001001-001', '1栋', '/1/2/3/5/');
INSERT INTO households(id, code, building_id, grid_id, address)
  VALUES (1, 'H0001', 5, 3, '金沙路1号1栋101');
INSERT INTO persons(id, household_id, name, phone) VALUES (1, 1, '李四', '13812341234');
INSERT INTO leaders(id, person_id, kind, unit_id) VALUES (1, 1, 'neighbour', 3);
"""

_next_addr = [0]


def fresh_addr():
    """A loopback source address no other request of this run has used."""
    _next_addr[0] += 1
    n = _next_addr[0]
    return "127.0.%d.%d" % (n // 200 + 1, n % 200 + 2)


def call(srv, method, path, body=None, headers=None, source=None):
    """One request from source (a loopback address); returns (status,
    headers, parsed JSON or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60,
                                      source_address=(source or "127.0.0.1", 0))
    h = dict(headers or {})
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=data, headers=h)
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    return resp.status, resp.headers, json.loads(payload) if payload else None


def login(srv, username, password=PASSWORD, source=None):
    return call(srv, "POST", "/api/v1/session", {"username": username, "password": password},
                source=source or fresh_addr())


def bearer(token):
    return {"Authorization": "Bearer " + token}


def cookie(token):
    return {"Cookie": "fq_session=" + token}


def make_db():
    """A fresh database with the fixture units and people."""
    path = os.path.join(tempfile.mkdtemp(prefix="fq-auth-"), "fq.db")
    fq.run("init", "--db", path)
    con = sqlite3.connect(path)
    con.executescript(FIXTURE)
    con.commit()
    con.close()
    return path


def user(db, *args, password=PASSWORD, check=True):
    return fq.run("user", *args, "--db", db, stdin=password + "\n", check=check)


def stop(srv):
    """Stop the server; a sanitizer report or an unclean exit fails the class."""
    rc = srv.stop()
    with open(srv.log.name) as f:
        log = f.read()
    if rc != 0 or "Sanitizer" in log or "runtime error" in log:
        raise AssertionError("server exited with %d:\n%s" % (rc, log[-4000:]))


def db_rows(db, sql, *params):
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


class AuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_db()
        db = cls.db
        user(db, "add", "--username", "admin", "--role", "admin", "--name", "管理员")
        user(db, "add", "--username", "cadmin", "--role", "admin", "--unit", "430181001002")
        user(db, "add", "--username", "fq.worker", "--role", "grid_worker",
             "--unit", "430181001002")
        user(db, "add", "--username", "worker", "--role", "grid_worker,community_officer",
             "--unit", "430181001001", "--name", "张三")
        user(db, "add", "--username", "lisi", "--role", "resident", "--role", "leader",
             "--unit", "430181001001001", "--person-id", "1", "--name", "李四")
        user(db, "add", "--username", "frozen", "--role", "resident", "--unit", "430181001001")
        user(db, "disable", "--username", "frozen")
        for name in ("ellen", "gina", "hank", "ivy", "jack", "ivan"):
            user(db, "add", "--username", name, "--role", "resident", "--unit", "430181001001")
        cls.srv = fq.Server(db=db)

    @classmethod
    def tearDownClass(cls):
        stop(cls.srv)

    def token(self, username, password=PASSWORD):
        st, _, body = login(self.srv, username, password)
        self.assertEqual(st, 201, body)
        return body

    # ---- login ----

    def test_login_ok(self):
        st, h, body = login(self.srv, "worker")
        self.assertEqual(st, 201, body)
        self.assertRegex(body["token"], TOKEN_RE)
        self.assertRegex(body["csrf_token"], TOKEN_RE)
        self.assertNotEqual(body["token"], body["csrf_token"])
        self.assertRegex(body["expires_at"], TIME_RE)
        acc = body["account"]
        self.assertEqual(acc["username"], "worker")
        self.assertEqual(acc["display_name"], "张三")
        unit = {"id": 2, "code": "430181001001", "name": "金沙社区", "kind": "community"}
        self.assertEqual(acc["roles"], [{"role": "grid_worker", "unit": unit},
                                        {"role": "community_officer", "unit": unit}])
        c = h["Set-Cookie"]
        self.assertTrue(c.startswith("fq_session=" + body["token"] + ";"), c)
        for part in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"):
            self.assertIn(part, c)
        self.assertNotIn("Secure", c)
        self.assertEqual(h["Cache-Control"], "no-store")

    def test_login_expiry_is_session_hours_ahead(self):
        before = time.time()
        body = self.token("ivy")
        digest = hashlib.blake2b(body["token"].encode(), digest_size=32).digest()
        rows = db_rows(self.db, "SELECT created_at, expires_at FROM sessions "
                                "WHERE token_hash = ?", digest)
        self.assertEqual(len(rows), 1)
        created, expires = rows[0]
        self.assertEqual(expires - created, 12 * 3600)
        self.assertLessEqual(abs(created - before), 5)
        shanghai = datetime.timezone(datetime.timedelta(hours=8))
        self.assertEqual(body["expires_at"],
                         datetime.datetime.fromtimestamp(expires, shanghai).isoformat())

    def test_whole_deployment_admin_has_no_unit(self):
        acc = self.token("admin")["account"]
        self.assertEqual(acc["roles"], [{"role": "admin", "unit": None}])
        self.assertEqual(acc["display_name"], "管理员")

    def test_session_stores_only_the_token_hash(self):
        body = self.token("jack")
        digest = hashlib.blake2b(body["token"].encode(), digest_size=32).digest()
        rows = db_rows(self.db, "SELECT token_hash, csrf FROM sessions WHERE token_hash = ?",
                       digest)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][1], body["csrf_token"])
        raw = db_rows(self.db, "SELECT count(*) FROM sessions WHERE token_hash = ? "
                               "OR CAST(token_hash AS TEXT) = ?",
                      body["token"].encode(), body["token"])
        self.assertEqual(raw[0][0], 0)

    def test_refusals_look_the_same(self):
        answers = []
        for name, pw in (("worker", "wrong-password"), ("nobody", PASSWORD),
                         ("frozen", PASSWORD)):
            st, h, body = login(self.srv, name, pw)
            self.assertEqual(st, 401, (name, body))
            self.assertNotIn("Set-Cookie", h)
            answers.append(body)
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[1], answers[2])
        self.assertEqual(answers[0]["error"]["code"], "unauthenticated")
        reasons = {r[0]: r[1] for r in db_rows(
            self.db, "SELECT subject, detail FROM audit_log WHERE action = 'login_failed'")}
        self.assertEqual(reasons.get("account:worker"), "wrong password")
        self.assertEqual(reasons.get("account:nobody"), "unknown username")
        self.assertEqual(reasons.get("account:frozen"), "account disabled")

    def test_login_body_is_validated(self):
        src = fresh_addr()
        st, _, body = call(self.srv, "POST", "/api/v1/session", {"username": "worker"},
                           source=src)
        self.assertEqual((st, body["error"]["field"]), (422, "password"))
        st, _, body = call(self.srv, "POST", "/api/v1/session",
                           {"username": "worker", "password": PASSWORD, "role": "admin"},
                           source=src)
        self.assertEqual((st, body["error"]["field"]), (422, "role"))
        st, _, body = call(self.srv, "POST", "/api/v1/session",
                           {"username": "u" * 65, "password": PASSWORD}, source=src)
        self.assertEqual((st, body["error"]["field"]), (422, "username"))
        st, _, body = call(self.srv, "POST", "/api/v1/session", b"username=worker",
                           headers={"Content-Type": "application/x-www-form-urlencoded"},
                           source=src)
        self.assertEqual(st, 415)

    # ---- authentication ----

    def test_bearer_and_cookie_authenticate(self):
        body = self.token("worker")
        st, _, me = call(self.srv, "GET", "/api/v1/me", headers=bearer(body["token"]))
        self.assertEqual(st, 200, me)
        self.assertEqual(me["id"], body["account"]["id"])
        st, _, me2 = call(self.srv, "GET", "/api/v1/me", headers=cookie(body["token"]))
        self.assertEqual(st, 200, me2)
        self.assertEqual(me2["id"], me["id"])
        path = os.path.join(self.srv.dir, "access.log")
        deadline = time.time() + fq.WAIT_S  # the access log is flushed every half second
        logged = False
        while not logged and time.time() < deadline:
            with open(path) as f:
                lines = [json.loads(l) for l in f if l.strip()]
            logged = any(l["route"] == "/api/v1/me" and l["account"] == me["id"]
                         for l in lines)
            time.sleep(0.1)
        self.assertTrue(logged, "the access log names the account")

    def test_missing_or_bad_credentials_are_401(self):
        for headers in ({}, bearer("garbage"), bearer("A" * 43), cookie("A" * 43),
                        {"Authorization": "Basic d29ya2VyOnNlY3JldA=="}):
            st, _, body = call(self.srv, "GET", "/api/v1/me", headers=headers)
            self.assertEqual(st, 401, headers)
            self.assertEqual(body["error"]["code"], "unauthenticated")

    def test_cookie_writes_need_csrf(self):
        body = self.token("worker")
        tok, csrf = body["token"], body["csrf_token"]
        st, _, err = call(self.srv, "DELETE", "/api/v1/session", headers=cookie(tok))
        self.assertEqual(st, 403, err)
        self.assertEqual(err["error"]["field"], "X-CSRF-Token")
        st, _, err = call(self.srv, "DELETE", "/api/v1/session",
                          headers={**cookie(tok), "X-CSRF-Token": "A" * 43})
        self.assertEqual(st, 403, err)
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=cookie(tok))
        self.assertEqual(st, 200, "a refused logout must leave the session alone")
        st, h, _ = call(self.srv, "DELETE", "/api/v1/session",
                        headers={**cookie(tok), "X-CSRF-Token": csrf})
        self.assertEqual(st, 204)
        self.assertIn("fq_session=;", h["Set-Cookie"])
        self.assertIn("Max-Age=0", h["Set-Cookie"])
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=cookie(tok))
        self.assertEqual(st, 401)

    def test_bearer_logout_needs_no_csrf_and_ends_the_session(self):
        body = self.token("worker")
        tok = body["token"]
        st, _, _ = call(self.srv, "DELETE", "/api/v1/session", headers=bearer(tok))
        self.assertEqual(st, 204)
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 401)
        st, _, _ = call(self.srv, "DELETE", "/api/v1/session", headers=bearer(tok))
        self.assertEqual(st, 401)
        acts = [r[0] for r in db_rows(self.db, "SELECT action FROM audit_log "
                                               "WHERE subject = 'account:worker'")]
        self.assertIn("login", acts)
        self.assertIn("logout", acts)

    def test_expired_session_is_401_and_deleted(self):
        body = self.token("ellen")
        tok = body["token"]
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 200)
        digest = hashlib.blake2b(tok.encode(), digest_size=32).digest()
        con = sqlite3.connect(self.db, timeout=10)
        con.execute("UPDATE sessions SET expires_at = CAST(strftime('%s','now') AS INTEGER) - 1 "
                    "WHERE token_hash = ?", (digest,))
        con.commit()
        con.close()
        # the change is made behind the server's back, as another process
        # would: it holds recently seen sessions for up to 2 s (SCACHE_TTL_MS)
        time.sleep(2.1)
        st, _, err = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 401)
        self.assertIn("expired", err["error"]["message"])
        deadline = time.time() + fq.WAIT_S
        while time.time() < deadline:
            if not db_rows(self.db, "SELECT 1 FROM sessions WHERE token_hash = ?", digest):
                break
            time.sleep(0.05)
        self.assertEqual(db_rows(self.db, "SELECT 1 FROM sessions WHERE token_hash = ?",
                                 digest), [])

    # ---- /me ----

    def test_me_with_person_household_and_leader(self):
        body = self.token("lisi")
        st, _, me = call(self.srv, "GET", "/api/v1/me", headers=bearer(body["token"]))
        self.assertEqual(st, 200, me)
        self.assertEqual(me["username"], "lisi")
        self.assertEqual(me["display_name"], "李四")
        grid = {"id": 3, "code": "430181001001001", "name": "金沙第1网格", "kind": "grid"}
        self.assertEqual(me["roles"], [{"role": "resident", "unit": grid},
                                       {"role": "leader", "unit": grid}])
        self.assertEqual(me["person"], {"id": 1, "name": "李四"})
        self.assertEqual(me["household"], {"id": 1, "code": "H0001",
                                           "address": "金沙路1号1栋101",
                                           "building_id": 5, "grid_id": 3})
        self.assertEqual(me["leader_id"], 1)
        self.assertEqual(me["csrf_token"], body["csrf_token"])
        self.assertEqual(me["session_expires_at"], body["expires_at"])
        self.assertNotIn("phone", json.dumps(me))

    def test_me_without_person(self):
        body = self.token("worker")
        st, _, me = call(self.srv, "GET", "/api/v1/me", headers=bearer(body["token"]))
        self.assertEqual(st, 200)
        self.assertIsNone(me["person"])
        self.assertIsNone(me["household"])
        self.assertIsNone(me["leader_id"])

    # ---- roles on routes ----

    def test_route_role_is_enforced(self):
        for name in ("worker", "lisi"):
            tok = self.token(name)["token"]
            st, _, err = call(self.srv, "GET", "/api/v1/accounts", headers=bearer(tok))
            self.assertEqual(st, 403, name)
            self.assertEqual(err["error"]["code"], "forbidden")
        st, _, _ = call(self.srv, "GET", "/api/v1/accounts")
        self.assertEqual(st, 401)

    def test_admin_lists_accounts_in_pages(self):
        tok = self.token("admin")["token"]
        seen, cursor = [], None
        for _ in range(20):
            path = "/api/v1/accounts?limit=3" + ("&cursor=" + cursor if cursor else "")
            st, _, page = call(self.srv, "GET", path, headers=bearer(tok))
            self.assertEqual(st, 200, page)
            self.assertLessEqual(len(page["items"]), 3)
            seen += [a["username"] for a in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        self.assertEqual(len(seen), len(set(seen)))
        for name in ("admin", "cadmin", "worker", "lisi", "frozen"):
            self.assertIn(name, seen)
        st, _, page = call(self.srv, "GET", "/api/v1/accounts?limit=0", headers=bearer(tok))
        self.assertEqual((st, page["error"]["field"]), (422, "limit"))

    def accounts(self, who, query):
        tok = self.token(who)["token"]
        return call(self.srv, "GET", "/api/v1/accounts" + query, headers=bearer(tok))

    def test_admin_filters_accounts_on_the_server(self):
        """q and role filter every account, not a page loaded before; pages
        of a filtered list follow the cursor."""
        st, _, page = self.accounts("admin", "?q=worker&limit=200")
        self.assertEqual(st, 200, page)
        self.assertEqual(sorted(a["username"] for a in page["items"]), ["fq.worker", "worker"])
        st, _, page = self.accounts("admin", "?q=%E5%BC%A0%E4%B8%89")  # 张三, a display name
        self.assertEqual([a["username"] for a in page["items"]], ["worker"])
        st, _, page = self.accounts("admin", "?role=leader")
        self.assertEqual([a["username"] for a in page["items"]], ["lisi"])
        seen, cursor = [], ""
        for _ in range(10):
            st, _, page = self.accounts("admin", "?q=i&limit=2" + cursor)
            self.assertEqual(st, 200, page)
            self.assertLessEqual(len(page["items"]), 2)
            seen += [a["username"] for a in page["items"]]
            if not page["next_cursor"]:
                break
            cursor = "&cursor=" + page["next_cursor"]
        # usernames with an i, and 李四's (lisi); no display name here holds one
        self.assertEqual(sorted(seen), ["admin", "cadmin", "gina", "ivan", "ivy", "lisi"])
        st, _, page = self.accounts("cadmin", "?q=worker")
        self.assertEqual([a["username"] for a in page["items"]], ["fq.worker"])  # its units only
        st, _, page = self.accounts("admin", "?q=%25")  # a wildcard is a plain character
        self.assertEqual(page["items"], [])
        for query, field in (("?role=king", "role"), ("?q=" + "x" * 65, "q"),
                             ("?cursor=x", "cursor"), ("?limit=201", "limit")):
            st, _, page = self.accounts("admin", query)
            self.assertEqual((st, page["error"]["field"]), (422, field), query)

    def test_staff_look_accounts_up_by_name(self):
        tok = self.token("worker")["token"]
        st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup?q=%E6%9D%8E",  # 李
                           headers=bearer(tok))
        self.assertEqual(st, 200, page)
        self.assertEqual([a["username"] for a in page["items"]], ["lisi"])
        self.assertEqual(page["items"][0]["display_name"], "李四")
        st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup?q=frozen",
                           headers=bearer(tok))
        self.assertEqual(page["items"], [])  # disabled accounts are not offered
        st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup?q=i&role=leader",
                           headers=bearer(tok))
        self.assertEqual([a["username"] for a in page["items"]], ["lisi"])
        st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup?q=i&limit=2",
                           headers=bearer(tok))
        self.assertEqual(len(page["items"]), 2)
        self.assertIsNotNone(page["next_cursor"])
        st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup", headers=bearer(tok))
        self.assertEqual((st, page["error"]["field"]), (422, "q"))
        st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup?q=a&limit=51",
                           headers=bearer(tok))
        self.assertEqual((st, page["error"]["field"]), (422, "limit"))
        st, _, _ = call(self.srv, "GET", "/api/v1/accounts/lookup?q=a",
                        headers=bearer(self.token("lisi")["token"]))
        self.assertEqual(st, 403)

    def test_a_pick_list_offers_only_accounts_within_reach(self):
        """A lookup finds the accounts bound at or below the caller's units,
        above them, or for the whole deployment; not another community's
        residents nor its staff."""
        user(self.db, "add", "--username", "streetmed", "--role", "mediator",
             "--unit", "430181001", "--name", "街道调解员")

        def names(who, q):
            st, _, page = call(self.srv, "GET", "/api/v1/accounts/lookup?q=" + q,
                               headers=bearer(self.token(who)["token"]))
            self.assertEqual(st, 200, page)
            return [a["username"] for a in page["items"]]
        self.assertEqual(names("worker", "%E6%9D%8E"), ["lisi"])  # 李: a grid below
        self.assertEqual(names("fq.worker", "%E6%9D%8E"), [])      # another community's
        self.assertEqual(names("worker", "cadmin"), [])              # another community's staff
        self.assertEqual(names("fq.worker", "cadmin"), ["cadmin"])   # its own community's
        self.assertEqual(names("fq.worker", "streetmed"), ["streetmed"])  # the street above
        self.assertEqual(names("worker", "admin"), ["admin"])        # the deployment's
        self.assertEqual(names("admin", "%E6%9D%8E"), ["lisi"])     # the deployment: everyone

    def test_unit_admin_sees_only_accounts_in_its_units(self):
        tok = self.token("cadmin")["token"]
        st, _, page = call(self.srv, "GET", "/api/v1/accounts?limit=200", headers=bearer(tok))
        self.assertEqual(st, 200, page)
        names = sorted(a["username"] for a in page["items"])
        self.assertEqual(names, ["cadmin", "fq.worker"])
        frozen = [a for a in page["items"] if a["username"] == "frozen"]
        self.assertEqual(frozen, [])

    # ---- the user command ----

    def test_user_list(self):
        out = fq.run("user", "list", "--db", self.db).stdout
        rows = {l.split()[0]: l.split()[1:] for l in out.splitlines() if l.strip()}
        self.assertEqual(rows["USERNAME"], ["NAME", "ROLES@UNIT", "DISABLED"])
        self.assertEqual(rows["worker"], ["张三", "grid_worker@430181001001,"
                                                 "community_officer@430181001001", "no"])
        self.assertEqual(rows["admin"], ["管理员", "admin@*", "no"])
        self.assertEqual(rows["frozen"][-1], "yes")

    def test_disable_ends_sessions_and_enable_restores_login(self):
        tok = self.token("gina")["token"]
        p = fq.run("user", "disable", "--username", "gina", "--db", self.db)
        self.assertIn("disabled gina", p.stdout)
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 401)
        st, _, _ = login(self.srv, "gina")
        self.assertEqual(st, 401)
        fq.run("user", "enable", "--username", "gina", "--db", self.db)
        self.token("gina")
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 401, "the old session stays ended")

    def test_disable_while_in_use_takes_effect_within_the_cache_ttl(self):
        tok = self.token("ivan")["token"]
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 200)  # now cached
        fq.run("user", "disable", "--username", "ivan", "--db", self.db)
        time.sleep(2.1)
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 401)

    def test_passwd(self):
        tok = self.token("hank")["token"]
        p = user(self.db, "passwd", "--username", "hank", password="another-pass-2")
        self.assertIn("hank", p.stdout)
        st, _, _ = call(self.srv, "GET", "/api/v1/me", headers=bearer(tok))
        self.assertEqual(st, 401)
        st, _, _ = login(self.srv, "hank")
        self.assertEqual(st, 401)
        self.token("hank", "another-pass-2")
        p = user(self.db, "passwd", "--username", "hank", password="short", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("8 to 128", p.stderr)
        p = user(self.db, "passwd", "--username", "nobody", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no account nobody", p.stderr)
        acts = [r[0] for r in db_rows(self.db, "SELECT action FROM audit_log "
                                               "WHERE subject = 'account:hank'")]
        self.assertIn("account_passwd", acts)

    def test_user_add_refusals(self):
        cases = [
            (("add", "--username", "newbie"), 2, "--role"),
            (("add", "--username", "newbie", "--role", "boss", "--unit", "430181001001"), 2,
             "unknown role"),
            (("add", "--username", "newbie", "--role", "grid_worker"), 2, "--unit"),
            (("add", "--username", "newbie", "--role", "admin,grid_worker"), 2, "--unit"),
            (("add", "--username", "no space", "--role", "admin"), 2, "username"),
            (("add", "--username", "newbie", "--role", "admin", "--person-id", "x"), 2,
             "person-id"),
            (("add", "--username", "newbie", "--role", "admin", "--colour", "red"), 2,
             "--colour"),
            (("add", "--username", "newbie", "--role", "grid_worker", "--unit", "999"), 1,
             "no unit with code 999"),
            (("add", "--username", "newbie", "--role", "admin", "--person-id", "99"), 1,
             "no person"),
            (("add", "--username", "worker", "--role", "admin"), 1, "taken"),
            (("bogus",), 2, "bogus"),
            ((), 2, "usage"),
        ]
        for args, code, needle in cases:
            p = user(self.db, *args, check=False)
            self.assertEqual(p.returncode, code, (args, p.stderr))
            self.assertIn(needle, p.stderr, args)
        p = fq.run("user", "add", "--username", "newbie", "--role", "admin", "--db", self.db,
                   stdin="", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("no password", p.stderr)
        self.assertEqual(db_rows(self.db, "SELECT 1 FROM accounts WHERE username = 'newbie'"),
                         [])

    def test_user_add_while_serving(self):
        user(self.db, "add", "--username", "late.comer", "--role", "mediator", "--role",
             "talent", "--unit", "430181001")
        acc = self.token("late.comer")["account"]
        self.assertEqual([r["role"] for r in acc["roles"]], ["mediator", "talent"])
        self.assertEqual(acc["roles"][0]["unit"]["kind"], "street")


class ThrottleTest(unittest.TestCase):
    """Its own server, so that its failures and waits touch nothing else;
    started with a Secure cookie and 2-hour sessions."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_db()
        for name in ("tom", "uma", "vic"):
            user(cls.db, "add", "--username", name, "--role", "resident",
                 "--unit", "430181001001")
        cls.srv = fq.Server(db=cls.db, extra=["--cookie-secure", "1", "--session-hours", "2"])

    @classmethod
    def tearDownClass(cls):
        stop(cls.srv)

    def test_cookie_secure_and_lifetime(self):
        st, h, body = login(self.srv, "vic")
        self.assertEqual(st, 201, body)
        self.assertIn("; Secure", h["Set-Cookie"])
        self.assertIn("Max-Age=7200", h["Set-Cookie"])

    def test_username_throttle_doubles_and_success_resets(self):
        for _ in range(5):
            st, _, _ = login(self.srv, "tom", "wrong-password")
            self.assertEqual(st, 401)
        # even the right password must wait now, from any address
        st, h, body = login(self.srv, "tom")
        self.assertEqual(st, 429, body)
        self.assertEqual(body["error"]["code"], "too_many_requests")
        self.assertEqual(h["Retry-After"], "1")
        time.sleep(1.1)
        st, _, _ = login(self.srv, "tom", "wrong-password")
        self.assertEqual(st, 401)
        st, h, _ = login(self.srv, "tom")
        self.assertEqual(st, 429)
        self.assertEqual(h["Retry-After"], "2")
        time.sleep(2.1)
        st, _, body = login(self.srv, "tom")
        self.assertEqual(st, 201, body)
        # the success cleared the username's record
        st, _, _ = login(self.srv, "tom", "wrong-password")
        self.assertEqual(st, 401)

    def test_address_throttle(self):
        src = fresh_addr()
        for i in range(5):
            st, _, _ = login(self.srv, "ghost%d" % i, "wrong-password", source=src)
            self.assertEqual(st, 401)
        st, h, _ = login(self.srv, "uma", source=src)
        self.assertEqual(st, 429)
        self.assertEqual(h["Retry-After"], "1")
        st, _, body = login(self.srv, "uma", source=fresh_addr())
        self.assertEqual(st, 201, body)


if __name__ == "__main__":
    fq.main()
