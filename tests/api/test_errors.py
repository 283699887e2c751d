"""The error conventions of DESIGN.md section 6, over real HTTP against the
login route (a JSON write): malformed JSON names line and column, invalid
UTF-8 is 400, the wrong content type 415, an unknown, missing or too long
field 422 naming it, an over-long path 413, and none of them changes
anything in the database."""
import os
import sqlite3
import unittest

import fq


class ErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.tmp = tempfile.mkdtemp(prefix="fq-errors-")
        cls.db = os.path.join(cls.tmp, "fq.db")
        fq.run("init", "--db", cls.db)
        fq.run("user", "add", "--db", cls.db, "--username", "wang", "--role", "admin",
               stdin="a-long-password\n")
        cls.srv = fq.Server(db=cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def sessions(self):
        with sqlite3.connect(self.db) as c:
            return c.execute("SELECT count(*) FROM sessions").fetchone()[0]

    def login_raw(self, raw, ctype="application/json"):
        return self.srv.json("POST", "/api/v1/session", raw=raw,
                             headers={"Content-Type": ctype})

    def test_malformed_json_names_line_and_column(self):
        before = self.sessions()
        st, body = self.login_raw(b'{\n  "username": "wang",\n  "password" "x"\n}')
        self.assertEqual(st, 400)
        self.assertIn("line 3", body["error"]["message"])
        self.assertIn("column", body["error"]["message"])
        self.assertEqual(self.sessions(), before)

    def test_invalid_utf8_is_400(self):
        st, body = self.login_raw(b'{"username": "\xff\xfe", "password": "a-long-password"}')
        self.assertEqual(st, 400)
        self.assertIn("UTF-8", body["error"]["message"])

    def test_wrong_content_type_is_415(self):
        st, body = self.login_raw(b"username=wang&password=x", "application/x-www-form-urlencoded")
        self.assertEqual(st, 415)
        self.assertEqual(body["error"]["code"], "unsupported_media_type")

    def test_json_with_charset_is_accepted(self):
        st, body = self.login_raw(b'{"username": "wang", "password": "a-long-password"}',
                                  "application/json; charset=utf-8")
        self.assertEqual(st, 201)

    def test_unknown_field_is_422_naming_it(self):
        st, body = self.srv.json("POST", "/api/v1/session",
                                 {"username": "wang", "password": "a-long-password", "role": "x"})
        self.assertEqual(st, 422)
        self.assertEqual(body["error"]["field"], "role")

    def test_refusals_name_their_rule(self):
        """docs/api-errors.md: "rule" names the rule; without one, the code."""
        st, body = self.srv.json("POST", "/api/v1/session",
                                 {"username": "wang", "password": "a-long-password", "role": "x"})
        self.assertEqual((st, body["error"]["rule"]), (422, "field.unknown"))
        st, body = self.srv.json("POST", "/api/v1/session", {"username": "wang"})
        self.assertEqual((body["error"]["code"], body["error"]["rule"]),
                         ("invalid_field", "field.required"))
        st, body = self.srv.json("GET", "/api/v1/no-such-route")
        self.assertEqual((st, body["error"]["code"], body["error"]["rule"]),
                         (404, "not_found", "not_found"))

    def test_missing_field_is_422_naming_it(self):
        st, body = self.srv.json("POST", "/api/v1/session", {"username": "wang"})
        self.assertEqual(st, 422)
        self.assertEqual(body["error"]["field"], "password")

    def test_wrong_type_is_422(self):
        st, body = self.srv.json("POST", "/api/v1/session", {"username": 5, "password": "x"})
        self.assertEqual(st, 422)
        self.assertEqual(body["error"]["field"], "username")

    def test_not_an_object_is_422(self):
        st, body = self.login_raw(b'["wang"]')
        self.assertEqual(st, 422)

    def test_path_too_long_is_413(self):
        st, body = self.srv.json("GET", "/api/v1/org/units/" + "9" * 3000)
        self.assertIn(st, (413, 414))

    def test_errors_change_nothing(self):
        before = self.sessions()
        for raw in (b"{", b'{"username":1}', b"\xff"):
            self.login_raw(raw)
        self.assertEqual(self.sessions(), before)


if __name__ == "__main__":
    fq.main()
