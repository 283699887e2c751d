"""The HTTP hardening of issue 12 and HEAD of issue 11 over real sockets
(see docs/http.md):

- framing (RFC 9112 §6.3): duplicate or conflicting Content-Length,
  Content-Length with Transfer-Encoding, a Transfer-Encoding other than
  chunked, HTTP/1.1 without Host: 400 and the connection closed, and a
  body that holds a second request is never answered as one;
- what libmicrohttpd 0.9.75 does with bare LF line ends, folded headers
  and raw NUL bytes before Fengqiao sees the request, recorded;
- strict ids in paths and NUL in a path or query;
- HEAD on every GET route, API and static files alike.

Raw sockets are used wherever http.client would tidy the bytes up."""
import os
import re
import socket
import time
import unittest

import fq
from reqhelp import Street

GRID = "430181001001001"           # grid 1 of the demo street
LIGHT = "traffic.street_light"
READ_S = 5                         # a framing error is answered at once, far within this
SMUGGLED = b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n"


def exchange(port, data, wait=READ_S):
    """Send data on a new connection and read until the server closes it or
    wait passes; returns (bytes read, closed by the server)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(wait)
    s.sendall(data)
    out, closed = b"", False
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                closed = True
                break
            out += chunk
    except socket.timeout:
        pass
    finally:
        s.close()
    return out, closed


def statuses(raw):
    """The status codes of the answers in raw (an answer may follow a body
    without a line break)."""
    return [int(m) for m in re.findall(rb"HTTP/1\.[01] (\d{3}) ", raw)]


class HttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        web = os.path.join(fq.SOURCE, "web")
        cls.s = Street(extra=("--sweep-interval-s", "0", "--web-dir", web))
        cls.port = cls.s.srv.port
        cls.rid = cls.s.create(LIGHT, cls.s.building(GRID))["id"]
        cls.token = cls.s.auth("dispatcher")["Authorization"].split()[1]

    @classmethod
    def tearDownClass(cls):
        rc = cls.s.close()
        if rc != 0:
            raise AssertionError("server exited with %d" % rc)

    def bearer(self):
        return b"Authorization: Bearer " + self.token.encode() + b"\r\n"

    # ---- framing -------------------------------------------------------

    def assert_refused(self, data):
        out, closed = exchange(self.port, data)
        # libmicrohttpd's own 400 (no Host) sends its status line twice
        self.assertEqual(set(statuses(out)), {400}, out)
        self.assertTrue(closed, "the connection must be closed after a framing error")
        return out

    def test_duplicate_content_length_is_400_and_the_body_is_not_a_request(self):
        out = self.assert_refused(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                                  b"Content-Length: 0\r\nContent-Length: %d\r\n\r\n"
                                  % len(SMUGGLED) + SMUGGLED)
        self.assertIn(b"Content-Length", out)

    def test_equal_duplicate_content_length_is_400(self):
        self.assert_refused(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                            b"Content-Length: 2\r\n\r\n{}")

    def test_content_length_with_transfer_encoding_is_400(self):
        self.assert_refused(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                            b"0\r\n\r\n" + SMUGGLED)

    def test_transfer_encoding_other_than_chunked_is_400_at_once(self):
        for te in (b"gzip", b"gzip, chunked", b"chunked, gzip", b"identity"):
            t0 = time.monotonic()
            self.assert_refused(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                                b"Transfer-Encoding: " + te + b"\r\n\r\nabc")
            self.assertLess(time.monotonic() - t0, READ_S)

    def test_two_transfer_encoding_lines_are_400(self):
        self.assert_refused(b"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")

    def test_transfer_encoding_on_http10_is_400(self):
        self.assert_refused(b"POST /healthz HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                            b"0\r\n\r\n")

    def test_http11_without_host_is_400(self):
        self.assert_refused(b"GET /healthz HTTP/1.1\r\n\r\n")

    def test_two_hosts_or_a_bad_host_are_400(self):
        self.assert_refused(b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        self.assert_refused(b"GET /healthz HTTP/1.1\r\nHost: evil.example/x\r\n\r\n")

    def test_blank_before_colon_is_400(self):
        self.assert_refused(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\n"
                            b"12345")

    def test_plain_framings_still_work(self):
        out, _ = exchange(self.port, b"GET /healthz HTTP/1.0\r\n\r\n")
        self.assertEqual(statuses(out), [200])
        out, _ = exchange(self.port, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                          b"Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        self.assertEqual(statuses(out), [422])
        out, _ = exchange(self.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                          b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(statuses(out), [200, 200], out)  # pipelining is not smuggling

    # ---- what libmicrohttpd 0.9.75 normalises (recorded, docs/http.md) ----

    def test_recorded_bare_lf_line_ends_are_read_as_crlf(self):
        out, _ = exchange(self.port, b"GET /api/v1/me HTTP/1.1\nHost: x\n" +
                          self.bearer().replace(b"\r\n", b"\n") + b"Connection: close\n\n")
        self.assertEqual(statuses(out), [200])

    def test_recorded_bare_cr_is_400(self):
        out, _ = exchange(self.port, b"GET /healthz HTTP/1.1\rHost: x\r\n\r\n")
        self.assertEqual(statuses(out)[:1], [400])

    def test_recorded_folded_line_is_glued_to_the_field_name(self):
        # "Authorization: Bearer T\r\n x" reaches Fengqiao as a field named
        # "Authorizationx": the request is anonymous.
        out, _ = exchange(self.port, b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" +
                          self.bearer() + b" x\r\nConnection: close\r\n\r\n")
        self.assertEqual(statuses(out), [401])
        # A folded Host leaves the request without one.
        out, _ = exchange(self.port, b"GET /healthz HTTP/1.1\r\nHost: a\r\n b\r\n\r\n")
        self.assertEqual(statuses(out)[:1], [400])
        # A continuation with a blank in it makes a name that is not a token.
        out, _ = exchange(self.port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n"
                          b"  more words\r\n\r\n")
        self.assertEqual(statuses(out), [400])

    def test_recorded_raw_nul_ends_the_target(self):
        # libmicrohttpd reads the request line as a C string: a raw NUL
        # byte ends the target where it stands ("/heal").
        out, _ = exchange(self.port, b"GET /heal\x00thz HTTP/1.1\r\nHost: x\r\n"
                          b"Connection: close\r\n\r\n")
        self.assertEqual(statuses(out), [404])

    # ---- NUL and strict ids ---------------------------------------------

    def test_escaped_nul_in_path_or_query_is_400(self):
        h = self.s.auth("dispatcher")
        for path in ("/api/v1/requests/%d%%00" % self.rid, "/index.html%00.js",
                     "/api/v1/requests?q=a%00b", "/api/v1/requests?%00=1", "/healthz?x=%00"):
            st, body = self.s.srv.json("GET", path, headers=h)
            self.assertEqual(st, 400, path)
            self.assertEqual(body["error"]["code"], "bad_request", path)

    def test_ids_in_paths_are_strict(self):
        h = self.s.auth("dispatcher")
        rid = self.rid
        st, _ = self.s.srv.json("GET", "/api/v1/requests/%d" % rid, headers=h)
        self.assertEqual(st, 200)
        for bad in ("%%2B%d", "+%d", "%%20%d", "0%d", "00%d", "%d%%20", "-%d", "%d.0",
                    "0x%x", "%d0000000000000000000"):
            path = "/api/v1/requests/" + bad % rid
            st, _ = self.s.srv.json("GET", path, headers=h)
            self.assertEqual(st, 404, path)
        for path in ("/api/v1/org/units/+1", "/api/v1/org/units/01",
                     "/api/v1/requests/%d/photos/01" % rid,
                     "/open311/v2/requests/0%d.json" % rid):
            st, _ = self.s.srv.json("GET", path, headers=h)
            self.assertEqual(st, 404, path)
        st, _ = self.s.srv.json("GET", "/open311/v2/requests/%d.json" % rid)
        self.assertNotEqual(st, 404)

    # ---- HEAD --------------------------------------------------------------

    def head_and_get(self, path, headers=None):
        g = self.s.srv.request("GET", path, headers=headers)
        h = self.s.srv.request("HEAD", path, headers=headers)
        return g, h

    def test_head_root_and_static_files(self):
        for path in ("/", "/index.html"):
            (gs, gh, gb), (hs, hh, hb) = self.head_and_get(path)
            self.assertEqual((gs, hs), (200, 200), path)
            self.assertEqual(hb, b"")
            for k in ("Content-Type", "Content-Length", "ETag", "Content-Security-Policy"):
                self.assertEqual(gh.get(k), hh.get(k), (path, k))
            self.assertEqual(int(hh["Content-Length"]), len(gb))

    def test_head_on_an_api_item_has_the_get_headers(self):
        h = self.s.auth("dispatcher")
        (gs, gh, gb), (hs, hh, hb) = self.head_and_get("/api/v1/requests/%d" % self.rid, h)
        self.assertEqual((gs, hs), (200, 200))
        self.assertEqual(hb, b"")
        self.assertEqual(gh["Content-Type"], hh["Content-Type"])
        self.assertEqual(int(hh["Content-Length"]), len(gb))

    def test_head_answers_on_every_get_route(self):
        """Every GET row of the route table (captures filled in) answers HEAD
        with the GET's status and content type and no body; never 405."""
        h = self.s.auth("dispatcher")
        with open(os.path.join(fq.SOURCE, "src/api/routes.c")) as f:
            gets = re.findall(r'\{"GET",\s*"([^"]+)"', f.read())
        self.assertGreater(len(gets), 50)
        for pattern in gets:
            if pattern == "/api/v1/events":
                continue  # a stream: its GET never ends; HEAD checked below
            path = re.sub(r"\{[a-z_]+\}", lambda m: fill(m.group(0), self.rid), pattern)
            (gs, gh, _), (hs, hh, hb) = self.head_and_get(path, h)
            self.assertNotEqual(hs, 405, path)
            self.assertEqual(gs, hs, path)
            self.assertEqual(gh.get("Content-Type"), hh.get("Content-Type"), path)
            self.assertEqual(hb, b"", path)

    def test_head_on_the_event_stream_ends(self):
        out, closed = exchange(self.port, b"HEAD /api/v1/events HTTP/1.1\r\nHost: x\r\n" +
                               self.bearer() + b"Connection: close\r\n\r\n")
        self.assertEqual(statuses(out), [200])
        self.assertIn(b"text/event-stream", out)
        self.assertTrue(out.endswith(b"\r\n\r\n"), out[-80:])
        self.assertTrue(closed)

    def test_allow_lists_head_after_get(self):
        st, h, _ = self.s.srv.request("PUT", "/healthz", raw=b"")
        self.assertEqual(st, 405)
        self.assertEqual(h.get("Allow"), "GET, HEAD")

    def test_access_log_says_head(self):
        self.s.srv.request("HEAD", "/healthz?head-probe=1")
        path = os.path.join(self.s.srv.dir, "access.log")
        deadline = time.monotonic() + READ_S  # the log is flushed every half second
        while time.monotonic() < deadline:
            with open(path) as f:
                if '"method":"HEAD","path":"/healthz"' in f.read():
                    return
            time.sleep(0.1)
        self.fail("no HEAD line in the access log")


def fill(capture, rid):
    """A value for a {capture} of a route pattern."""
    if capture == "{day}":
        return "2026-01-01"
    if capture in ("{resource}", "{service_code}", "{token}"):
        return "x.json"
    if capture == "{service_request_id}":
        return "%d.json" % rid
    return str(rid) if capture == "{id}" else "1"


if __name__ == "__main__":
    fq.main()
