"""Live events over real HTTP: the Server-Sent Events stream (scope per
role, resume by Last-Event-ID without a gap, the 24-hour replay window, the
purge of old events, the limit on clients, a slow client cut off and
resuming, no busy loop while idle, SIGTERM with clients connected), and
webhooks (validation, retries with backoff recorded in webhook_deliveries,
the HMAC signature, the 10th failure giving up, the 5 s timeout, and API
calls staying fast while a receiver is slow).

Most events are made by inserting live_events rows (and the requests they
are about) into the SQLite file with Python's sqlite3 module, as the
requests module does inside its transactions: the live thread polls that
table, so this drives the real path from the outbox to the socket, with
control over ids and times. One test raises and accepts a request through
the requests API and watches its events arrive."""
import atexit
import hashlib
import hmac
import http.server
import json
import os
import shutil
import signal
import socket
import sqlite3
import tempfile
import threading
import time
import unittest

import fq

PASSWORD = "live-test-pass-1"

# id, parent, kind, code, name, path
UNITS = [
    (1, None, "street", "410306001", "吉利街道", "/1/"),
    (2, 1, "community", "410306001001", "枫桥社区", "/1/2/"),
    (10, 2, "grid", "410306001001001", "枫桥第一网格", "/1/2/10/"),
    (11, 2, "grid", "410306001001002", "枫桥第二网格", "/1/2/11/"),
    (20, 10, "building", "B20", "1号楼", "/1/2/10/20/"),
    (21, 11, "building", "B21", "2号楼", "/1/2/11/21/"),
]

# household id -> (building, grid); persons are hh*10+1
HOUSEHOLDS = {100: (20, 10), 101: (20, 10), 110: (21, 11)}

# leader id, person, grid, linked households
LEADERS = [(1, 1011, 10, [100])]

# username, role, unit code (None: whole deployment), person
ACCOUNTS = [
    ("admin", "admin", None, None),
    ("gw_a", "grid_worker", "410306001001001", None),
    ("gw_b", "grid_worker", "410306001001002", None),
    ("com", "community_officer", "410306001001", None),
    ("res", "resident", "410306001001001", 1001),
    ("res_b", "resident", "410306001001002", 1101),
    ("lead1", "leader", "410306001001001", 1011),
    ("bld", "building_leader", "B20", None),
]

# request id -> (grid, building, household, reporter person)
REQUESTS = {
    1: (10, 20, 100, 1001),
    2: (11, 21, 110, 1101),
}

DAY = 24 * 3600


def build_db(path):
    fq.run("init", "--db", path)
    db = sqlite3.connect(path)
    for uid, parent, kind, code, name, upath in UNITS:
        db.execute("INSERT INTO units(id, parent_id, kind, code, name, path, street_id)"
                   " VALUES (?,?,?,?,?,?,1)", (uid, parent, kind, code, name, upath))
    for hh, (building, grid) in HOUSEHOLDS.items():
        db.execute("INSERT INTO households(id, code, building_id, grid_id, address, street_id)"
                   " VALUES (?,?,?,?,?,1)", (hh, "H%d" % hh, building, grid, "金沙路%d号" % hh))
        db.execute("INSERT INTO persons(id, household_id, name, relation, street_id)"
                   " VALUES (?,?,?,?,1)", (hh * 10 + 1, hh, "张%d" % hh, "户主"))
    for lid, person, unit, linked in LEADERS:
        db.execute("INSERT INTO leaders(id, person_id, kind, unit_id, street_id)"
                   " VALUES (?,?,'neighbour',?,1)", (lid, person, unit))
        for hh in linked:
            db.execute("INSERT INTO leader_households VALUES (?,?)", (lid, hh))
    # the catalogue may already be seeded by `fengqiao init`; any category will do
    db.execute("INSERT OR IGNORE INTO categories(id, code, name) VALUES (1, 'env.light', '楼道灯')")
    category = db.execute("SELECT min(id) FROM categories").fetchone()[0]
    # a category for requests made through the API: level 2, the grid worker
    cur = db.execute("INSERT INTO categories(code, name, start_level, priority)"
                     " VALUES ('test.garbage', '垃圾', 2, 2)")
    for level in range(1, 5):
        db.execute("INSERT INTO category_limits VALUES (?,?,24,'hours',5,'workdays')",
                   (cur.lastrowid, level))
    now = int(time.time())
    for rid, (grid, building, hh, person) in REQUESTS.items():
        db.execute("INSERT INTO requests(id, number, street_id, community_id, grid_id, unit_path,"
                   " category_id, channel, title, description, building_id, household_id,"
                   " reporter_person_id, state, level, created_at, updated_at)"
                   " VALUES (?,?,1,2,?,?,?,'self',?,?,?,?,?,'dispatched',2,?,?)",
                   (rid, "FQT%04d" % rid, grid, "/1/2/%d/" % grid, category, "楼道灯不亮 %d" % rid,
                    "三楼", building, hh, person, now, now))
    db.commit()
    db.close()
    for username, role, code, person in ACCOUNTS:
        extra = ["--unit", code] if code else []
        if person:
            extra += ["--person-id", str(person)]
        fq.run("user", "add", "--db", path, "--username", username, "--role", role, *extra,
               stdin=PASSWORD + "\n")


def insert_events(db_path, rows):
    """Insert (request_id, kind, at_offset_s[, payload]) rows; returns their ids."""
    db = sqlite3.connect(db_path, timeout=30)
    ids = []
    now = int(time.time())
    for row in rows:
        rid, kind, offset = row[:3]
        payload = row[3] if len(row) > 3 else None
        grid = REQUESTS[rid][0] if rid else None
        path = "/1/2/%d/" % grid if grid else "/1/"
        body = payload or json.dumps({"request_id": rid, "number": "FQT%04d" % (rid or 0),
                                      "event": kind, "state": "dispatched", "level": 2,
                                      "title": "楼道灯不亮", "category": "env.light"},
                                     ensure_ascii=False)
        cur = db.execute("INSERT INTO live_events(at, unit_path, request_id, kind, payload)"
                         " VALUES (?,?,?,?,?)", (now + offset, path, rid, kind, body))
        ids.append(cur.lastrowid)
    db.commit()
    db.close()
    return ids


def server_env():
    """The environment without proxies: webhooks go to 127.0.0.1 directly."""
    return {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


class SSE:
    """A raw-socket Server-Sent Events client: sends the request, decodes
    the chunked body as it arrives and parses events."""

    def __init__(self, port, token, last_id=None, query="", rcvbuf=None):
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        head = "GET /api/v1/events%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" % query
        if token:
            head += "Authorization: Bearer %s\r\n" % token
        if last_id is not None:
            head += "Last-Event-ID: %s\r\n" % last_id
        self.sock.sendall((head + "\r\n").encode())
        self.raw = b""
        self.text = b""
        self.ended = False
        self.events = []
        self.status, self.headers = self._head()
        if "chunked" not in self.headers.get("transfer-encoding", ""):
            self.body = self.raw  # an error reply: the rest is its body
            self._fill_body()

    def _recv(self, timeout):
        self.sock.settimeout(timeout)
        data = self.sock.recv(65536)
        if not data:
            self.ended = True
        self.raw += data
        return data

    def _head(self):
        while b"\r\n\r\n" not in self.raw:
            if not self._recv(10):
                raise AssertionError("connection closed before the headers")
        head, self.raw = self.raw.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        return status, headers

    def _fill_body(self):
        n = int(self.headers.get("content-length", "0"))
        while len(self.raw) < n and self._recv(10):
            pass
        self.body = self.raw

    def _dechunk(self):
        while True:
            if b"\r\n" not in self.raw:
                return
            size_line, rest = self.raw.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                self.ended = True
                self.raw = b""
                return
            if len(rest) < size + 2:
                return
            self.text += rest[:size]
            self.raw = rest[size + 2:]

    def _parse(self):
        while b"\n\n" in self.text:
            block, self.text = self.text.split(b"\n\n", 1)
            ev = {"data": []}
            for line in block.decode().split("\n"):
                if line.startswith(":"):
                    ev.setdefault("comments", []).append(line)
                    continue
                k, _, v = line.partition(":")
                v = v[1:] if v.startswith(" ") else v
                if k == "data":
                    ev["data"].append(v)
                else:
                    ev[k] = v
            if "id" in ev:
                ev["id"] = int(ev["id"])
                ev["data"] = json.loads("\n".join(ev["data"]))
                self.events.append(ev)

    def pump(self, timeout):
        """Read what arrives within timeout seconds."""
        deadline = time.time() + timeout
        while not self.ended and time.time() < deadline:
            try:
                self._recv(max(0.01, deadline - time.time()))
            except socket.timeout:
                break
            self._dechunk()
            self._parse()

    def wait_ids(self, ids, timeout=fq.WAIT_S):
        """Read until every id in ids has arrived; returns the ids seen."""
        deadline = time.time() + timeout
        want = set(ids)
        while not want <= self.ids() and not self.ended and time.time() < deadline:
            self.pump(min(0.2, deadline - time.time()))
        return self.ids()

    def ids(self):
        return {e["id"] for e in self.events}

    def id_list(self):
        return [e["id"] for e in self.events]

    def close(self):
        self.sock.close()


def login(srv, username):
    st, body = srv.json("POST", "/api/v1/session", {"username": username, "password": PASSWORD})
    assert st in (200, 201), (username, st, body)
    return body["token"]


class Fixture:
    """One built database, copied for every server so that tests do not
    share outboxes."""
    path = None

    @classmethod
    def get(cls):
        if cls.path is None:
            d = tempfile.mkdtemp(prefix="fq-live-")
            atexit.register(shutil.rmtree, d, True)
            path = os.path.join(d, "base.db")
            build_db(path)
            cls.path = path
        return cls.path

    @classmethod
    def copy(cls):
        d = tempfile.mkdtemp(prefix="fq-live-")
        atexit.register(shutil.rmtree, d, True)
        dst = os.path.join(d, "live.db")
        src = sqlite3.connect(cls.get())
        out = sqlite3.connect(dst)
        src.backup(out)
        out.close()
        src.close()
        return dst


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class LiveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Fixture.copy()
        cls.srv = fq.Server(db=cls.db)
        cls.tokens = {u: login(cls.srv, u) for u, _, _, _ in ACCOUNTS}

    @classmethod
    def tearDownClass(cls):
        # the server is stopped with live streams open: they end, it exits 0
        watching = [SSE(cls.srv.port, cls.tokens[u]) for u in ("admin", "res", "lead1")]
        rc = cls.srv.stop()
        for c in watching:
            c.pump(5)
            c.close()
        assert rc == 0, "the server exited %s with streams open" % rc
        assert all(c.ended for c in watching), "a stream was not ended at stop"

    def connect(self, user, **kw):
        c = SSE(self.srv.port, self.tokens[user], **kw)
        self.addCleanup(c.close)
        self.assertEqual(c.status, 200, getattr(c, "body", b""))
        return c  # the headers came after the handler attached the client

    def test_stream_headers_and_format(self):
        c = self.connect("admin")
        self.assertTrue(c.headers["content-type"].startswith("text/event-stream"))
        self.assertEqual(c.headers.get("cache-control"), "no-cache")
        [eid] = insert_events(self.db, [(1, "accepted", 0)])
        c.wait_ids([eid])
        ev = [e for e in c.events if e["id"] == eid][0]
        self.assertEqual(ev["event"], "accepted")
        self.assertEqual(ev["data"]["request_id"], 1)
        self.assertEqual(ev["data"]["title"], "楼道灯不亮")

    def test_scope_per_role(self):
        users = ["admin", "gw_a", "gw_b", "com", "res", "res_b", "lead1", "bld"]
        clients = {u: self.connect(u) for u in users}
        e1, e2 = insert_events(self.db, [(1, "dispatched", 0), (2, "dispatched", 0)])
        expect = {"admin": {e1, e2}, "com": {e1, e2}, "gw_a": {e1}, "gw_b": {e2},
                  "res": {e1}, "res_b": {e2}, "lead1": {e1}, "bld": {e1}}
        for u in users:
            clients[u].wait_ids(expect[u])
        time.sleep(0.6)  # three more polls: anything out of scope would have come
        for u in users:
            clients[u].pump(0.05)
            self.assertEqual(clients[u].ids() & {e1, e2}, expect[u], u)

    def test_events_of_a_request_made_through_the_api(self):
        watch = {u: self.connect(u) for u in ("gw_a", "gw_b", "res", "com", "lead1")}
        res = {"Authorization": "Bearer " + self.tokens["res"]}
        st, made = self.srv.json("POST", "/api/v1/requests",
                                 {"title": "垃圾没清运", "category": "test.garbage",
                                  "channel": "self", "address": "1号楼"}, headers=res)
        self.assertEqual(st, 201, made)
        gw = {"Authorization": "Bearer " + self.tokens["gw_a"]}
        st, body = self.srv.json("POST", "/api/v1/requests/%d/accept" % made["id"], {},
                                 headers=gw)
        self.assertEqual(st, 200, body)

        def kinds(c):
            return [e["event"] for e in c.events if e["data"].get("request_id") == made["id"]]
        for u in ("gw_a", "res", "com", "lead1"):
            c = watch[u]
            deadline = time.time() + fq.WAIT_S
            while "accepted" not in kinds(c) and time.time() < deadline:
                c.pump(0.2)
            self.assertEqual(kinds(c), ["submitted", "dispatched", "accepted"], u)
        ev = [e for e in watch["gw_a"].events if e["event"] == "accepted"][-1]
        self.assertEqual(ev["data"]["number"], made["number"])
        self.assertEqual(ev["data"]["state"], "accepted")
        watch["gw_b"].pump(0.5)
        self.assertEqual(kinds(watch["gw_b"]), [])

    def test_unauthenticated_is_401(self):
        c = SSE(self.srv.port, None)
        self.addCleanup(c.close)
        self.assertEqual(c.status, 401)

    def test_bad_last_event_id_is_422(self):
        c = SSE(self.srv.port, self.tokens["admin"], last_id="abc")
        self.addCleanup(c.close)
        self.assertEqual(c.status, 422)
        self.assertEqual(json.loads(c.body)["error"]["field"], "Last-Event-ID")

    def test_resume_by_last_event_id_misses_nothing(self):
        c = self.connect("gw_a")
        first = insert_events(self.db, [(1, "accepted", 0), (2, "accepted", 0), (1, "resolved", 0)])
        c.wait_ids([first[0], first[2]])
        last = max(c.ids())
        c.close()
        # while away: events of both grids, some before and some after a pause
        missed = insert_events(self.db, [(1, "rated", 0), (2, "rated", 0), (1, "closed", 0)])
        time.sleep(0.4)
        missed += insert_events(self.db, [(1, "redone", 0)])
        back = self.connect("gw_a", last_id=last)
        live = insert_events(self.db, [(1, "accepted", 0)])
        mine = [missed[0], missed[2], missed[3], live[0]]
        back.wait_ids(mine)
        self.assertEqual([i for i in back.id_list() if i > last], mine)

    def test_resume_by_query_argument(self):
        [a, b] = insert_events(self.db, [(1, "escalated", 0), (1, "supervised", 0)])
        c = self.connect("admin", query="?last_event_id=%d" % a)
        c.wait_ids([b])
        self.assertNotIn(a, c.ids())
        self.assertIn(b, c.ids())

    def test_events_older_than_a_day_are_not_replayed(self):
        old, recent = insert_events(self.db, [(1, "reminded", -DAY - 600), (1, "reminded", -60)])
        c = self.connect("admin", last_id=old - 1)
        c.wait_ids([recent])
        self.assertIn(recent, c.ids())
        self.assertNotIn(old, c.ids())
        # an id from before the window starts from 24 hours ago
        z = self.connect("admin", last_id=0)
        z.wait_ids([recent])
        self.assertNotIn(old, z.ids())
        self.assertTrue(all(e["id"] != old for e in z.events))

    def test_idle_stream_does_not_spin(self):
        clients = [self.connect("admin") for _ in range(3)]
        time.sleep(0.3)
        before = cpu_seconds(self.srv.proc.pid)
        time.sleep(2.0)
        used = cpu_seconds(self.srv.proc.pid) - before
        self.assertLess(used, 0.5, "the server used %.2f s of CPU in 2 s idle" % used)
        [eid] = insert_events(self.db, [(2, "accepted", 0)])
        for c in clients:
            c.wait_ids([eid])
            self.assertIn(eid, c.ids())


class LimitAndStopTest(unittest.TestCase):
    def test_client_limit_then_sigterm_with_clients_connected(self):
        db = Fixture.copy()
        srv = fq.Server(db=db, extra=["--max-sse-clients", "2"])
        try:
            token = login(srv, "admin")
            a = SSE(srv.port, token)
            b = SSE(srv.port, token)
            self.assertEqual((a.status, b.status), (200, 200))
            c = SSE(srv.port, token)
            self.assertEqual(c.status, 503)
            self.assertIn("retry-after", c.headers)
            self.assertEqual(json.loads(c.body)["error"]["code"], "unavailable")
            c.close()
            [eid] = insert_events(db, [(1, "accepted", 0)])
            a.wait_ids([eid])
            b.wait_ids([eid])
            t0 = time.time()
            srv.proc.send_signal(signal.SIGTERM)
            a.pump(10)
            b.pump(10)
            self.assertTrue(a.ended and b.ended, "streams were not ended at stop")
            rc = srv.stop()
            with open(srv.log.name) as f:
                self.assertEqual(rc, 0, f.read())
            self.assertLess(time.time() - t0, 15)
        finally:
            srv.stop()


class PurgeTest(unittest.TestCase):
    def test_old_events_are_deleted_but_never_the_newest(self):
        db = Fixture.copy()
        ids = insert_events(db, [(1, "accepted", -3 * DAY), (1, "resolved", -2 * DAY),
                                 (1, "closed", -2 * DAY + 60)])
        srv = fq.Server(db=db)
        try:
            deadline = time.time() + fq.WAIT_S
            left = None
            while time.time() < deadline:
                con = sqlite3.connect(db, timeout=30)
                left = [r[0] for r in con.execute("SELECT id FROM live_events ORDER BY id")]
                con.close()
                if left == [ids[2]]:
                    break
                time.sleep(0.2)
            self.assertEqual(left, [ids[2]])
            # ids keep growing: the next event comes after the kept one
            [nxt] = insert_events(db, [(1, "accepted", 0)])
            self.assertGreater(nxt, ids[2])
        finally:
            self.assertEqual(srv.stop(), 0)


class SlowClientTest(unittest.TestCase):
    def test_slow_client_is_cut_off_and_resumes_without_a_gap(self):
        db = Fixture.copy()
        srv = fq.Server(db=db)
        try:
            token = login(srv, "admin")
            slow = SSE(srv.port, token, rcvbuf=4096)
            pad = "x" * 1500
            rows = [(1, "reminded", 0, json.dumps({"n": i, "pad": pad})) for i in range(6000)]
            ids = insert_events(db, rows)
            time.sleep(1.5)  # the live thread fans out while the client reads nothing
            slow.pump(20)  # now drain: the stream must end before the last event
            self.assertTrue(slow.ended, "the slow client was not cut off")
            got = slow.id_list()
            self.assertLess(len(got), len(ids))
            self.assertEqual(got, ids[:len(got)])
            slow.close()
            again = SSE(srv.port, token, last_id=got[-1] if got else ids[0] - 1)
            again.wait_ids(ids[len(got):])
            rest = again.id_list()
            again.close()
            self.assertEqual(got + rest, ids)
        finally:
            self.assertEqual(srv.stop(), 0)


# ---- webhooks ---------------------------------------------------------------

class Receiver:
    """A tiny HTTP server on 127.0.0.1 recording every POST: /flaky answers
    500 twice, then 200; /fail always 500; /slow sleeps 3 s; /hang sleeps
    past the sender's timeout."""

    def __init__(self):
        self.hits = []  # (path, time received, headers, body)
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with outer.lock:
                    outer.hits.append((self.path, time.time(), dict(self.headers), body))
                    n = sum(1 for h in outer.hits if h[0] == self.path)
                code = 200
                if self.path == "/flaky" and n <= 2 or self.path == "/fail":
                    code = 500
                elif self.path == "/slow":
                    time.sleep(3)
                elif self.path == "/hang":
                    time.sleep(7)
                try:
                    self.send_response(code)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def on(self, path):
        with self.lock:
            return [h for h in self.hits if h[0] == path]

    def wait(self, path, n, timeout):
        deadline = time.time() + timeout
        while len(self.on(path)) < n and time.time() < deadline:
            time.sleep(0.05)
        return self.on(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class WebhookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = Fixture.copy()
        cls.rx = Receiver()
        cls.srv = fq.Server(db=cls.db, env=server_env())
        cls.admin = {"Authorization": "Bearer " + login(cls.srv, "admin")}

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        cls.rx.close()

    def create(self, path, events="*", secret="s3cret-key", expect=201):
        st, body = self.srv.json("POST", "/api/v1/webhooks",
                                 {"url": self.rx.url(path), "events": events, "secret": secret},
                                 headers=self.admin)
        self.assertEqual(st, expect, body)
        self.addCleanup(self.srv.json, "DELETE", "/api/v1/webhooks/%d" % body["id"],
                        headers=self.admin)
        return body

    def deliveries(self, hook_id):
        con = sqlite3.connect(self.db, timeout=30)
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute(
            "SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id", (hook_id,))]
        con.close()
        return rows

    def wait_delivery(self, hook_id, pred, timeout):
        deadline = time.time() + timeout
        rows = []
        while time.time() < deadline:
            rows = self.deliveries(hook_id)
            if rows and pred(rows[0]):
                return rows
            time.sleep(0.05)
        self.fail("delivery never reached the expected state: %r" % rows)

    def test_validation(self):
        cases = [
            ({"url": "ftp://example.org/x", "events": "*", "secret": "k"}, "url"),
            ({"url": "http://" + "a" * 500, "events": "*", "secret": "k"}, "url"),
            ({"url": "http:///nohost", "events": "*", "secret": "k"}, "url"),
            ({"url": "http://x.org/a b", "events": "*", "secret": "k"}, "url"),
            ({"url": "http://x.org/", "events": ["accepted", "exploded"], "secret": "k"}, "events"),
            ({"url": "http://x.org/", "events": [], "secret": "k"}, "events"),
            ({"url": "http://x.org/", "events": "accepted", "secret": "k"}, "events"),
            ({"url": "http://x.org/", "secret": "k"}, "events"),
            ({"url": "http://x.org/", "events": "*"}, "secret"),
            ({"url": "http://x.org/", "events": "*", "secret": "k", "extra": 1}, "extra"),
        ]
        for body, field in cases:
            st, reply = self.srv.json("POST", "/api/v1/webhooks", body, headers=self.admin)
            self.assertEqual(st, 422, (body, reply))
            self.assertEqual(reply["error"]["field"], field, body)
        gw = {"Authorization": "Bearer " + login(self.srv, "gw_a")}
        st, _ = self.srv.json("POST", "/api/v1/webhooks",
                              {"url": "http://x.org/", "events": "*", "secret": "k"}, headers=gw)
        self.assertEqual(st, 403)
        st, _ = self.srv.json("GET", "/api/v1/webhooks", headers=gw)
        self.assertEqual(st, 403)
        st, _ = self.srv.json("DELETE", "/api/v1/webhooks/999999", headers=self.admin)
        self.assertEqual(st, 404)

    def test_list_and_delete(self):
        hook = self.create("/ok", events=["accepted", "resolved"])
        self.assertEqual(hook["events"], ["accepted", "resolved"])
        st, body = self.srv.json("GET", "/api/v1/webhooks", headers=self.admin)
        self.assertEqual(st, 200)
        mine = [h for h in body["items"] if h["id"] == hook["id"]]
        self.assertEqual(len(mine), 1)
        self.assertNotIn("secret", mine[0])
        st, _ = self.srv.json("DELETE", "/api/v1/webhooks/%d" % hook["id"], headers=self.admin)
        self.assertEqual(st, 204)
        st, body = self.srv.json("GET", "/api/v1/webhooks", headers=self.admin)
        self.assertFalse([h for h in body["items"] if h["id"] == hook["id"]])
        st, _ = self.srv.json("DELETE", "/api/v1/webhooks/%d" % hook["id"], headers=self.admin)
        self.assertEqual(st, 404)

    def test_retries_backoff_and_signature(self):
        hook = self.create("/flaky", events=["accepted"], secret="s3cret-key")
        skipped, eid = insert_events(self.db, [(1, "submitted", 0), (1, "accepted", 0)])
        # after each failure: pending, the next attempt no sooner than 1 s, then 2 s, later
        for attempts, wait_s in ((1, 1), (2, 2)):
            rows = self.wait_delivery(hook["id"], lambda d: d["attempts"] == attempts, fq.WAIT_S)
            hit = self.rx.wait("/flaky", attempts, fq.WAIT_S)[attempts - 1]
            self.assertEqual(rows[0]["status"], "pending")
            self.assertEqual(rows[0]["last_error"], "HTTP 500")
            self.assertGreaterEqual(rows[0]["next_at"], int(hit[1]) + wait_s)
            self.assertLessEqual(rows[0]["next_at"], hit[1] + wait_s + 2)
        rows = self.wait_delivery(hook["id"], lambda d: d["status"] == "delivered", fq.WAIT_S)
        hits = self.rx.on("/flaky")
        self.assertEqual(len(hits), 3)
        self.assertEqual(len(rows), 1, "the 'submitted' event was not filtered out")
        self.assertEqual(rows[0]["event_id"], eid)
        self.assertNotEqual(rows[0]["event_id"], skipped)
        self.assertEqual(rows[0]["attempts"], 3)
        self.assertEqual(rows[0]["last_error"], "HTTP 500")
        self.assertGreaterEqual(hits[1][1] - hits[0][1], 0.95)
        self.assertGreaterEqual(hits[2][1] - hits[1][1], 1.95)
        for _, _, headers, body in hits:
            want = "sha256=" + hmac.new(b"s3cret-key", body, hashlib.sha256).hexdigest()
            self.assertEqual(headers["X-Fengqiao-Signature"], want)
            self.assertEqual(headers["X-Fengqiao-Event"], "accepted")
            doc = json.loads(body)
            self.assertEqual(doc["event"], "accepted")
            self.assertEqual(doc["id"], eid)
            self.assertEqual(doc["request_id"], 1)
            self.assertEqual(doc["title"], "楼道灯不亮")

    def test_gives_up_after_the_tenth_attempt(self):
        hook = self.create("/fail", events="*")
        insert_events(self.db, [(2, "accepted", 0)])
        self.wait_delivery(hook["id"], lambda d: d["attempts"] == 1, fq.WAIT_S)
        # skip the waits of attempts 2 to 9: the next failure is the tenth
        con = sqlite3.connect(self.db, timeout=30)
        con.execute("UPDATE webhook_deliveries SET attempts = 9, next_at = 0"
                    " WHERE webhook_id = ?", (hook["id"],))
        con.commit()
        con.close()
        rows = self.wait_delivery(hook["id"], lambda d: d["status"] != "pending", fq.WAIT_S)
        self.assertEqual(rows[0]["status"], "failed")
        self.assertEqual(rows[0]["attempts"], 10)
        tried = len(self.rx.on("/fail"))
        self.assertLessEqual(tried, 3)
        time.sleep(1.5)
        self.assertEqual(len(self.rx.on("/fail")), tried, "retried after giving up")

    def test_slow_receiver_does_not_slow_the_api(self):
        hook = self.create("/slow", events=["resolved"])
        insert_events(self.db, [(1, "resolved", 0)])
        self.rx.wait("/slow", 1, fq.WAIT_S)  # the sender is now waiting on the receiver
        for _ in range(3):
            t0 = time.time()
            st, _ = self.srv.json("GET", "/api/v1/webhooks", headers=self.admin)
            self.assertEqual(st, 200)
            self.assertLess(time.time() - t0, 1.0)
        res = {"Authorization": "Bearer " + login(self.srv, "res")}
        t0 = time.time()
        st, made = self.srv.json("POST", "/api/v1/requests",
                                 {"title": "路灯不亮", "category": "test.garbage",
                                  "channel": "self", "address": "1号楼"}, headers=res)
        self.assertEqual(st, 201, made)
        self.assertLess(time.time() - t0, 1.0)
        t0 = time.time()
        other = self.create("/ok", events=["rejected"])
        self.assertLess(time.time() - t0, 1.0)
        t0 = time.time()
        st, _ = self.srv.json("DELETE", "/api/v1/webhooks/%d" % other["id"], headers=self.admin)
        self.assertEqual(st, 204)
        self.assertLess(time.time() - t0, 1.0)
        self.wait_delivery(hook["id"], lambda d: d["status"] == "delivered", fq.WAIT_S)

    def test_timeout_is_an_error_and_retried(self):
        hook = self.create("/hang", events="*")
        insert_events(self.db, [(2, "closed", 0)])
        self.rx.wait("/hang", 1, fq.WAIT_S)
        t0 = time.time()
        rows = self.wait_delivery(hook["id"], lambda d: d["attempts"] == 1, fq.WAIT_S)
        self.assertLess(time.time() - t0, 6.5)
        self.assertEqual(rows[0]["status"], "pending")
        self.assertIn("timed out", rows[0]["last_error"].lower())


if __name__ == "__main__":
    fq.main()
