"""The server's own behaviour over real HTTP: health, metrics, unknown
routes, wrong methods, body limits, UTF-8 checks, graceful stop."""
import http.client
import os
import signal
import socket
import unittest

import fq


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fq.Server(extra=["--max-body", "4096"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def test_healthz(self):
        st, body = self.srv.json("GET", "/healthz")
        self.assertEqual(st, 200)
        self.assertEqual(body["status"], "ok")

    def test_unknown_route_is_404(self):
        st, body = self.srv.json("GET", "/no/such/thing")
        self.assertEqual(st, 404)
        self.assertEqual(body["error"]["code"], "not_found")

    def test_wrong_method_is_405_with_allow(self):
        st, h, _ = self.srv.request("POST", "/healthz", raw=b"")
        self.assertEqual(st, 405)
        self.assertIn("GET", h.get("Allow", ""))

    def test_body_over_limit_is_413(self):
        st, body = self.srv.json("POST", "/healthz", raw=b"x" * 5000,
                                 headers={"Content-Type": "application/json"})
        self.assertEqual(st, 413)
        self.assertEqual(body["error"]["field"], "body")

    def test_chunked_body_over_limit_is_413(self):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        conn.request("POST", "/healthz", body=iter([b"y" * 3000, b"y" * 3000]),
                     headers={"Content-Type": "application/json"}, encode_chunked=True)
        resp = conn.getresponse()
        self.assertEqual(resp.status, 413)
        conn.close()

    def test_invalid_utf8_in_path_is_400(self):
        st, body = self.srv.json("GET", "/api/%ff")
        self.assertEqual(st, 400)
        self.assertEqual(body["error"]["field"], "path")

    def test_invalid_utf8_in_query_is_400(self):
        st, body = self.srv.json("GET", "/healthz?q=%ff%fe")
        self.assertEqual(st, 400)

    def test_metrics_prometheus(self):
        self.srv.request("GET", "/healthz")
        st, h, body = self.srv.request("GET", "/metrics")
        self.assertEqual(st, 200)
        text = body.decode()
        self.assertIn('fengqiao_http_requests_total{method="GET",route="/healthz",status="200"}',
                      text)
        self.assertIn("fengqiao_http_request_duration_seconds_bucket", text)
        self.assertIn("fengqiao_http_open_connections", text)
        self.assertIn("fengqiao_store_commits_total", text)

    def test_access_log_is_json_lines(self):
        import json
        import time
        self.srv.request("GET", "/healthz?probe=1")
        path = os.path.join(self.srv.dir, "access.log")
        deadline = time.time() + fq.WAIT_S  # the log is flushed every half second
        lines = []
        while time.time() < deadline:
            with open(path) as f:
                lines = [json.loads(l) for l in f if l.strip()]
            if any(l["route"] == "/healthz" for l in lines):
                break
            time.sleep(0.1)
        self.assertTrue(any(l["route"] == "/healthz" and l["status"] == 200 for l in lines))
        self.assertTrue(all("?" not in l["path"] for l in lines), "query strings stay out of the log")


def outside_address():
    """An address of this machine that is not loopback, or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.254", 9))  # no packet is sent
            addr = s.getsockname()[0]
    except OSError:
        return None
    return None if addr.startswith("127.") else addr


def serve_on_all_addresses(*extra):
    """A server listening on 0.0.0.0; a port free on loopback may be taken
    on another address, so a few ports are tried."""
    for attempt in range(5):
        try:
            return fq.Server(extra=("--listen", "0.0.0.0", *extra))
        except AssertionError as e:
            if "cannot listen" not in str(e) or attempt == 4:
                raise


class MetricsAccessTest(unittest.TestCase):
    """/metrics shows login failures: loopback callers and admins only,
    unless metrics_public = 1."""

    def get(self, srv, addr, headers=None):
        conn = http.client.HTTPConnection(addr, srv.port, timeout=30)
        conn.request("GET", "/metrics", headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        return resp.status, body

    def test_metrics_for_loopback_and_admins(self):
        addr = outside_address()
        if not addr:
            self.skipTest("this machine has no address but loopback")
        srv = serve_on_all_addresses()
        try:
            fq.run("user", "add", "--db", srv.db, "--username", "root", "--role", "admin",
                   stdin="metrics-admin-pass\n")
            self.assertEqual(self.get(srv, "127.0.0.1")[0], 200)
            st, body = self.get(srv, addr)
            self.assertEqual(st, 401, body)
            self.assertNotIn(b"fengqiao_", body)
            st, login = srv.json("POST", "/api/v1/session",
                                 {"username": "root", "password": "metrics-admin-pass"})
            self.assertEqual(st, 201, login)
            st, body = self.get(srv, addr, {"Authorization": "Bearer " + login["token"]})
            self.assertEqual(st, 200)
            self.assertIn(b"fengqiao_http_requests_total", body)
        finally:
            srv.stop()
        public = serve_on_all_addresses("--metrics-public", "1")
        try:
            self.assertEqual(self.get(public, addr)[0], 200)
        finally:
            public.stop()


class ShutdownTest(unittest.TestCase):
    def test_sigterm_exits_zero(self):
        srv = fq.Server()
        self.assertEqual(srv.stop(signal.SIGTERM), 0)
        self.assertIn("stopped cleanly", srv.output() if not srv.log.closed else open(srv.log.name).read())


if __name__ == "__main__":
    fq.main()
