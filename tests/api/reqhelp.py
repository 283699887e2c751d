"""Helpers shared by the sweeper and statistics API tests (test_sweeper.py,
test_stats.py): a small demo street built once per test process and copied
for each fixture, a real server on the copy, logins by demo username,
request intake and actions over HTTP, one `fengqiao sweep --now` at a
chosen moment, and direct reads of the SQLite file.

Nothing here imitates a Fengqiao component: the server, the store and the
sweeper are the real binary's."""
import datetime
import json
import os
import shutil
import sqlite3
import tempfile

import fq

PASSWORD = "fengqiao-demo"
HOUSEHOLDS = 90  # the smallest demo street: one household per grid
TZ = datetime.timezone(datetime.timedelta(hours=8))

_template = None


def template_db():
    """Path of a demo database built once for this process."""
    global _template
    if _template is None:
        d = tempfile.mkdtemp(prefix="fq-street-")
        _template = os.path.join(d, "demo.db")
        fq.run("demo", "--db", _template, "--households", str(HOUSEHOLDS),
               "--requests", "0")
    return _template


def iso(ts):
    """RFC 3339 in Asia/Shanghai for unix seconds."""
    return datetime.datetime.fromtimestamp(ts, TZ).isoformat(timespec="seconds")


def unix(text):
    """Unix seconds of an RFC 3339 time."""
    return int(datetime.datetime.fromisoformat(text).timestamp())


def day_of(ts):
    """YYYY-MM-DD of unix seconds in Asia/Shanghai."""
    return datetime.datetime.fromtimestamp(ts, TZ).strftime("%Y-%m-%d")


class Street:
    """A copy of the demo street served by a real `fengqiao serve` (the
    background sweeper off unless extra says otherwise)."""

    def __init__(self, extra=("--sweep-interval-s", "0")):
        self.dir = tempfile.mkdtemp(prefix="fq-sw-")
        self.db = os.path.join(self.dir, "fq.db")
        shutil.copy(template_db(), self.db)
        self.srv = fq.Server(db=self.db, extra=extra)
        self.tokens = {}

    def close(self):
        code = self.srv.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
        return code

    # ---- the database ----

    def sql(self, query, args=()):
        con = sqlite3.connect(self.db, timeout=30)
        try:
            rows = con.execute(query, args).fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def one(self, query, args=()):
        rows = self.sql(query, args)
        return rows[0] if rows else None

    def username(self, account_id):
        return self.one("SELECT username FROM accounts WHERE id = ?", (account_id,))[0]

    def events(self, rid):
        """The timeline rows of request rid: (id, at, actor, event, old_state,
        new_state, old_level, new_level, note)."""
        return self.sql("SELECT id, at, actor_account_id, event, old_state, new_state,"
                        " old_level, new_level, note FROM request_events"
                        " WHERE request_id = ? ORDER BY id", (rid,))

    def row(self, rid, columns):
        return self.one("SELECT %s FROM requests WHERE id = ?" % columns, (rid,))

    # ---- HTTP ----

    def auth(self, user):
        if user not in self.tokens:
            st, b = self.srv.json("POST", "/api/v1/session",
                                  {"username": user, "password": PASSWORD})
            if st != 201:
                raise AssertionError("login %s: %s %s" % (user, st, b))
            self.tokens[user] = {"Authorization": "Bearer " + b["token"]}
        return self.tokens[user]

    def get(self, user, path):
        return self.srv.json("GET", path, headers=self.auth(user))

    def post(self, user, path, body):
        return self.srv.json("POST", path, body, self.auth(user))

    def building(self, grid_code):
        """A building of the grid with that code."""
        return self.one("SELECT b.id FROM units b JOIN units g ON g.id = b.parent_id"
                        " WHERE g.code = ? AND b.kind = 'building' ORDER BY b.id",
                        (grid_code,))[0]

    def create(self, category, building, title="路灯坏了"):
        """A request taken on the hotline by the dispatcher; returns the
        POST's JSON."""
        st, b = self.post("dispatcher", "/api/v1/requests",
                          {"title": title, "category": category, "channel": "hotline",
                           "building_id": building, "caller_name": "张三",
                           "caller_phone": "13800138000"})
        if st != 201:
            raise AssertionError("create: %s %s" % (st, b))
        return b

    def act(self, user, rid, action, body=None, want=200):
        st, b = self.post(user, "/api/v1/requests/%d/%s" % (rid, action), body or {})
        if want is not None and st != want:
            raise AssertionError("%s %s on %d: %s %s" % (user, action, rid, st, b))
        return st, b

    def holder(self, rid):
        """Username of the request's assignee."""
        return self.username(self.row(rid, "assignee_account_id")[0])

    # ---- the sweeper ----

    def sweep(self, ts, check=True):
        """One `fengqiao sweep --now` at unix time ts; returns its report."""
        p = fq.run("sweep", "--db", self.db, "--now", iso(ts), check=check)
        return json.loads(p.stdout) if p.stdout.strip() else None
