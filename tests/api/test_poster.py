"""Building posters over real HTTP: the QR code (SVG) carries the report
URL preset to the building, on the origin the caller used (the modules
are compared with libqrencode's own encoding of that URL, through
ctypes), or on public_url when it is set; a Host that could break the URL,
or names another server while public_url is unset, is refused; the printable poster
shows the building, its address and its grid worker, escapes what it
prints, keeps to the CSP (no inline script or style), and is for the
staff and the building leader whose units cover the building: 404 for
other staff, 403 for residents.

The street is the smallest demo street (reqhelp.Street); the server is
the real binary."""
import ctypes
import ctypes.util
import re
import unittest

import fq
import reqhelp

QR_ECLEVEL_M = 1
QR_MODE_8 = 2
QUIET = 4


class QRcode(ctypes.Structure):
    _fields_ = [("version", ctypes.c_int), ("width", ctypes.c_int),
                ("data", ctypes.POINTER(ctypes.c_ubyte))]


def qr_modules(text):
    """The dark modules of text as libqrencode encodes it (8-bit, level M):
    a set of (x, y)."""
    lib = ctypes.CDLL(ctypes.util.find_library("qrencode") or "libqrencode.so.4")
    lib.QRcode_encodeString.restype = ctypes.POINTER(QRcode)
    lib.QRcode_encodeString.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int,
                                        ctypes.c_int, ctypes.c_int]
    lib.QRcode_free.argtypes = [ctypes.POINTER(QRcode)]
    code = lib.QRcode_encodeString(text.encode(), 0, QR_ECLEVEL_M, QR_MODE_8, 1)
    assert code, "libqrencode refused the text"
    w = code.contents.width
    data = code.contents.data
    dark = {(i % w, i // w) for i in range(w * w) if data[i] & 1}
    lib.QRcode_free(code)
    return w, dark


def svg_modules(svg):
    """The dark modules an SVG from the server draws, quiet zone removed."""
    m = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    full = int(m.group(1))
    path = re.search(r' d="([^"]*)"', svg).group(1)
    dark = set()
    for x, y, n, n2 in re.findall(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", path):
        assert n == n2
        for i in range(int(n)):
            dark.add((int(x) + i - QUIET, int(y) - QUIET))
    assert re.sub(r"M\d+ \d+h\d+v1h-\d+z", "", path) == "", "stray path commands"
    return full - 2 * QUIET, dark


class PosterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = reqhelp.Street()
        cls.grid = cls.s.one("SELECT id FROM units WHERE code = '430181001001001'")[0]
        cls.bld = cls.s.building("430181001001001")
        cls.other_grid_bld = cls.s.building("430181001001002")

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def get(self, user, path, headers=None):
        h = dict(self.s.auth(user)) if user else {}
        h.update(headers or {})
        return self.s.srv.request("GET", path, headers=h)

    def test_qr_encodes_the_report_url(self):
        st, h, body = self.get("grid1", "/api/v1/buildings/%d/qr.svg" % self.bld)
        self.assertEqual(st, 200, body)
        self.assertTrue(h["Content-Type"].startswith("image/svg+xml"))
        url = "http://127.0.0.1:%d/resident/#report?building=%d" % (self.s.srv.port, self.bld)
        self.assertEqual(svg_modules(body.decode()), qr_modules(url))
        # another building is another code
        st, _, other = self.get("grid1", "/api/v1/buildings/%d/qr.svg" % self.other_grid_bld)
        self.assertEqual(st, 200)
        self.assertNotEqual(svg_modules(other.decode()), svg_modules(body.decode()))

    def test_qr_origin_follows_the_caller(self):
        host = "localhost:%d" % self.s.srv.port
        st, _, body = self.get("grid1", "/api/v1/buildings/%d/qr.svg" % self.bld,
                               {"Host": host, "X-Forwarded-Proto": "https"})
        self.assertEqual(st, 200)
        url = "https://%s/resident/#report?building=%d" % (host, self.bld)
        self.assertEqual(svg_modules(body.decode()), qr_modules(url))

    def test_qr_for_another_host_needs_public_url(self):
        path = "/api/v1/buildings/%d/qr.svg" % self.bld
        st, _, body = self.get("grid1", path,
                               {"Host": "evil.example", "X-Forwarded-Proto": "https"})
        self.assertEqual(st, 400, body)
        self.assertIn(b'"field":"Host"', body.replace(b" ", b""))
        self.assertIn(b"public_url", body)
        public = fq.Server(db=self.s.db, extra=("--sweep-interval-s", "0", "--public-url",
                                                "https://fq.example.org/"))
        try:
            h = dict(self.s.auth("grid1"), Host="evil.example", **{"X-Forwarded-Proto": "http"})
            st, _, body = public.request("GET", path, headers=h)
        finally:
            public.stop()
        self.assertEqual(st, 200, body)
        url = "https://fq.example.org/resident/#report?building=%d" % self.bld
        self.assertEqual(svg_modules(body.decode()), qr_modules(url))

    def test_qr_refuses_a_hostile_host(self):
        for host in ('evil.org/"><script>', "a b", "x" * 300):
            st, _, body = self.get("grid1", "/api/v1/buildings/%d/qr.svg" % self.bld,
                                   {"Host": host})
            self.assertEqual(st, 400, host)
            self.assertIn(b'"field":"Host"', body.replace(b" ", b""))

    def test_qr_who_and_what(self):
        # any logged-in role: the org tree is public to them
        st, _, _ = self.get("resident1", "/api/v1/buildings/%d/qr.svg" % self.other_grid_bld)
        self.assertEqual(st, 200)
        st, _, _ = self.get(None, "/api/v1/buildings/%d/qr.svg" % self.bld)
        self.assertEqual(st, 401)
        for bad in (self.grid, 999999, 0):
            st, _, _ = self.get("grid1", "/api/v1/buildings/%d/qr.svg" % bad)
            self.assertEqual(st, 404, bad)
        st, _, _ = self.get("grid1", "/api/v1/buildings/abc/qr.svg")
        self.assertEqual(st, 404)

    def test_poster_page(self):
        st, h, body = self.get("grid1", "/api/v1/buildings/%d/poster" % self.bld)
        self.assertEqual(st, 200, body)
        self.assertTrue(h["Content-Type"].startswith("text/html"))
        self.assertIn("script-src 'self'", h["Content-Security-Policy"])
        self.assertNotIn("unsafe-inline", h["Content-Security-Policy"])
        page = body.decode()
        name, address = self.s.one("SELECT name, address FROM units WHERE id = ?", (self.bld,))
        worker = self.s.one("SELECT display_name FROM accounts WHERE username = 'grid1'")[0]
        for text in (name, address, worker, "扫码上报", "Scan to report",
                     'href="/common/base.css"', 'href="/resident/poster.css"',
                     'src="/api/v1/buildings/%d/qr.svg"' % self.bld,
                     "/resident/#report?building=%d" % self.bld):
            self.assertIn(text, page)
        # the CSP: no inline script, style or handlers
        self.assertNotIn("<style", page)
        self.assertNotRegex(page, r"\sstyle=")
        self.assertNotRegex(page, r"\son[a-z]+=")
        for tag in re.findall(r"<script[^>]*>", page):
            self.assertIn(' src="/', tag)
        self.assertRegex(page, r'<html lang="zh-CN">')

    def test_poster_escapes_what_it_prints(self):
        bld = self.s.building("430181001001003")
        self.s.sql("UPDATE units SET name = ?, address = ? WHERE id = ?",
                   ('<b>"楼"&\'1\'</b>', "<img src=x>", bld))
        st, _, body = self.get("grid3", "/api/v1/buildings/%d/poster" % bld)
        self.assertEqual(st, 200)
        page = body.decode()
        self.assertIn("&lt;b&gt;&quot;楼&quot;&amp;&#39;1&#39;&lt;/b&gt;", page)
        self.assertIn("&lt;img src=x&gt;", page)
        self.assertNotIn("<b>", page)
        self.assertNotIn("<img src=x>", page)

    def test_poster_scope(self):
        path = "/api/v1/buildings/%d/poster" % self.bld
        for user, want in (("grid1", 200), ("community1", 200), ("supervisor", 200),
                           ("admin", 200), ("building1", 200), ("grid2", 404),
                           ("community2", 404), ("resident1", 403), ("leader1", 403),
                           (None, 401)):
            st, _, _ = self.get(user, path)
            self.assertEqual(st, want, user)
        st, _, _ = self.get("grid2", "/api/v1/buildings/%d/poster" % self.other_grid_bld)
        self.assertEqual(st, 200)
        st, _, _ = self.get("grid1", "/api/v1/buildings/%d/poster" % self.grid)
        self.assertEqual(st, 404)

    def test_poster_without_a_grid_worker(self):
        bld = self.s.building("430181001001004")
        self.s.sql("UPDATE accounts SET disabled = 1 WHERE username = 'grid4'")
        try:
            st, _, body = self.get("community1", "/api/v1/buildings/%d/poster" % bld)
        finally:
            self.s.sql("UPDATE accounts SET disabled = 0 WHERE username = 'grid4'")
        self.assertEqual(st, 200)
        worker = self.s.one("SELECT display_name FROM accounts WHERE username = 'grid4'")[0]
        self.assertNotIn(worker, body.decode())
        self.assertIn('class="poster-worker-name">—<', body.decode())


if __name__ == "__main__":
    fq.main()
