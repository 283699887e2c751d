"""The web UI's files served by the C server: content types, ETag and 304,
gzip for clients that accept it, Cache-Control, the Content-Security-Policy
on pages, directory index pages, and nothing outside the web directory."""
import gzip
import os
import tempfile
import unittest

import fq


class StaticTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.web = tempfile.mkdtemp(prefix="fq-web-")
        os.makedirs(os.path.join(cls.web, "resident"))
        with open(os.path.join(cls.web, "index.html"), "w") as f:
            f.write("<!doctype html><title>枫桥</title><script src=/app.js></script>")
        with open(os.path.join(cls.web, "resident", "index.html"), "w") as f:
            f.write("<!doctype html><title>居民</title>")
        with open(os.path.join(cls.web, "app.js"), "w") as f:
            f.write("console.log('fengqiao');\n" * 200)
        with open(os.path.join(cls.web, ".secret"), "w") as f:
            f.write("hidden")
        cls.srv = fq.Server(extra=["--web-dir", cls.web, "--tile-url",
                                   "https://tiles.example.org/{z}/{x}/{y}.png"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def test_index_page_with_security_headers(self):
        st, h, body = self.srv.request("GET", "/")
        self.assertEqual(st, 200)
        self.assertIn("枫桥", body.decode())
        self.assertTrue(h["Content-Type"].startswith("text/html"))
        csp = h["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIn("https://tiles.example.org", csp)
        self.assertEqual(h["Cache-Control"], "no-cache")
        self.assertEqual(h["X-Frame-Options"], "DENY")

    def test_directory_index(self):
        st, h, body = self.srv.request("GET", "/resident/")
        self.assertEqual(st, 200)
        self.assertIn("居民", body.decode())

    def test_etag_and_304(self):
        st, h, _ = self.srv.request("GET", "/app.js")
        self.assertEqual(st, 200)
        etag = h["ETag"]
        self.assertTrue(etag.startswith('"'))
        st, h2, body = self.srv.request("GET", "/app.js", headers={"If-None-Match": etag})
        self.assertEqual(st, 304)
        self.assertEqual(body, b"")

    def test_gzip_when_accepted(self):
        st, h, body = self.srv.request("GET", "/app.js", headers={"Accept-Encoding": "gzip, br"})
        self.assertEqual(st, 200)
        self.assertEqual(h.get("Content-Encoding"), "gzip")
        self.assertTrue(h["Content-Type"].startswith("text/javascript"))
        self.assertEqual(gzip.decompress(body).decode().count("fengqiao"), 200)
        st, h, plain = self.srv.request("GET", "/app.js")
        self.assertNotIn("Content-Encoding", h)
        self.assertEqual(plain.decode().count("fengqiao"), 200)

    def test_hidden_and_traversal_not_served(self):
        for path in ("/.secret", "/../etc/passwd", "/resident/../.secret", "/nope.js"):
            st, _, _ = self.srv.request("GET", path)
            self.assertEqual(st, 404, path)

    def test_api_routes_still_win(self):
        st, body = self.srv.json("GET", "/healthz")
        self.assertEqual(st, 200)
        st, body = self.srv.json("GET", "/api/v1/nothing")
        self.assertEqual(st, 404)
        self.assertEqual(body["error"]["code"], "not_found")


if __name__ == "__main__":
    fq.main()
