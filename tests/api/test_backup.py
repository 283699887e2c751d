"""`fengqiao backup` while the real server is taking writes (logins write
sessions through the group commit), then `fengqiao restore` into a new
database and a server started on it: the snapshot is consistent and
complete up to its moment."""
import os
import sqlite3
import tempfile
import threading
import unittest

import fq


class BackupTest(unittest.TestCase):
    def test_backup_while_serving_and_restore(self):
        tmp = tempfile.mkdtemp(prefix="fq-backup-")
        db = os.path.join(tmp, "live.db")
        fq.run("init", "--db", db)
        fq.run("user", "add", "--db", db, "--username", "liwei", "--role", "admin",
               stdin="a-long-password\n")
        srv = fq.Server(db=db)
        stop = threading.Event()
        done = []

        def writer():
            while not stop.is_set():
                st, _ = srv.json("POST", "/api/v1/session",
                                 {"username": "liwei", "password": "a-long-password"})
                if st == 201:
                    done.append(1)

        threads = [threading.Thread(target=writer) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            while len(done) < 3:
                pass
            snap = os.path.join(tmp, "snap.db")
            fq.run("backup", snap, "--db", db)
            again = fq.run("backup", snap, "--db", db, check=False)
            self.assertNotEqual(again.returncode, 0, "an existing backup is never overwritten")
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertEqual(srv.stop(), 0)
        with sqlite3.connect(snap) as c:
            self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            n_snap = c.execute("SELECT count(*) FROM sessions").fetchone()[0]
        with sqlite3.connect(db) as c:
            n_live = c.execute("SELECT count(*) FROM sessions").fetchone()[0]
        self.assertGreaterEqual(n_snap, 1)
        self.assertLessEqual(n_snap, n_live)

        restored = os.path.join(tmp, "restored.db")
        fq.run("restore", snap, "--db", restored)
        srv2 = fq.Server(db=restored)
        try:
            st, body = srv2.json("POST", "/api/v1/session",
                                 {"username": "liwei", "password": "a-long-password"})
            self.assertEqual(st, 201)
        finally:
            self.assertEqual(srv2.stop(), 0)

    def test_restore_refuses_a_file_that_is_not_a_database(self):
        tmp = tempfile.mkdtemp(prefix="fq-backup-")
        junk = os.path.join(tmp, "junk.db")
        with open(junk, "wb") as f:
            f.write(b"this is not a database" * 100)
        p = fq.run("restore", junk, "--db", os.path.join(tmp, "x.db"), check=False)
        self.assertNotEqual(p.returncode, 0)


if __name__ == "__main__":
    fq.main()
