"""Shared harness for the API tests: start the real fengqiao binary on a
free loopback port over a fresh database, talk HTTP to it, stop it, and
write the per-file result report that tests/summary.py counts.

Nothing here imitates a Fengqiao component: the server, the store and
the HTTP are the real ones."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

BIN = os.environ.get("FQ_BIN", "build-test/fengqiao")
SOURCE = os.environ.get("FQ_SOURCE", os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
RESULTS = os.environ.get("FQ_RESULTS")
# Longest wait for a condition a test polls for (a server up, a log line, a
# delivery): the wait ends as soon as the condition holds, so this is a
# failsafe for a broken run, never a pace a busy machine must keep.
WAIT_S = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, stdin=None, check=True, env=None):
    """Run the fengqiao binary with args; returns CompletedProcess."""
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True,
                       env=env, timeout=600)
    if check and p.returncode != 0:
        raise AssertionError(f"fengqiao {' '.join(args)} failed ({p.returncode}):\n"
                             f"{p.stdout}\n{p.stderr}")
    return p


class Server:
    """A running `fengqiao serve` on its own port and database."""

    def __init__(self, db=None, extra=(), env=None):
        self.dir = tempfile.mkdtemp(prefix="fq-api-")
        self.db = db or os.path.join(self.dir, "fq.db")
        self.port = free_port()
        self.log = open(os.path.join(self.dir, "server.log"), "w+")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--port", str(self.port),
             "--access-log", os.path.join(self.dir, "access.log"), *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + WAIT_S
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("server exited: " + self.output())
            try:
                st, _, _ = self.request("GET", "/healthz")
                if st == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("server did not start: " + self.output())

    def output(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def request(self, method, path, body=None, headers=None, raw=None):
        """One HTTP request on a new connection; returns (status, headers, body).
        body (a dict/list) is sent as JSON; raw (bytes) is sent as is."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        conn.close()
        return resp.status, dict(resp.getheaders()), payload

    def json(self, method, path, body=None, headers=None, raw=None):
        st, h, payload = self.request(method, path, body, headers, raw)
        try:
            return st, json.loads(payload) if payload else None
        except ValueError:
            return st, payload

    def stop(self, sig=signal.SIGTERM):
        """Stop with a signal; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class ReportingResult(unittest.TextTestResult):
    pass


def main():
    """Run the calling module's tests and write its report."""
    name = os.path.splitext(os.path.basename(sys.modules["__main__"].__file__))[0]
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules["__main__"])
    result = unittest.TextTestRunner(verbosity=2, resultclass=ReportingResult).run(suite)
    bad = [str(t) for t, _ in result.failures + result.errors]
    if RESULTS:
        with open(os.path.join(RESULTS, name + ".json"), "w") as f:
            json.dump({"passed": result.testsRun - len(bad), "failed": len(bad),
                       "failures": bad}, f)
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
