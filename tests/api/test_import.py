"""`fengqiao import`, `export` and `demo` end to end: the real binary on
fresh databases, checked through the database file itself and, for the
demo, through the running server.

Import: the sample files of tests/data in UTF-8, UTF-8 with BOM and GBK;
files with bad rows (nothing written, every bad row reported as
FILE:LINE:COLUMN); header problems; --dry-run. Export: CSV with BOM,
masking, the formula guard, --unit scope, XLSX (a zip holding the sheet),
--unmasked and its audit row, and a round trip back through import. Demo:
the full street's counts and accounts, refusal on a non-empty database,
determinism, --scale, and logging in with a demo account."""
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unittest
import zipfile

import fq

DATA = os.path.join(fq.SOURCE, "tests", "data")

# The committed sample files and the encoding each is stored in.
GOOD = [("units", "units.csv", "utf-8"),
        ("households", "households_bom.csv", "utf-8-sig"),
        ("people", "people_gbk.csv", "gbk"),
        ("leaders", "leaders.csv", "utf-8")]
GOOD_COUNTS = {"units": 8, "households": 5, "persons": 8, "leaders": 4,
               "leader_households": 6, "grid_rtree": 2}

# Python codec and the name `fengqiao import` reports for it.
ENCODINGS = [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-bom"), ("gbk", "gbk")]


def count(db, table, where=""):
    with sqlite3.connect(db) as c:
        return c.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]


def query(db, sql, *args):
    with sqlite3.connect(db) as c:
        return c.execute(sql, args).fetchall()


class Dir:
    """A scratch directory per test."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fq-import-")
        self.db = os.path.join(self.dir, "fq.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, encoding="utf-8"):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(text.encode(encoding))
        return p

    def imp(self, kind, path, *extra, db=None, check=True):
        return fq.run("import", kind, path, "--db", db or self.db, *extra, check=check)

    def import_good(self, upto="leaders", db=None):
        for kind, name, _ in GOOD:
            self.imp(kind, os.path.join(DATA, name), db=db)
            if kind == upto:
                return


def read_sample(name, encoding):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read().decode(encoding)


class ImportTest(Dir, unittest.TestCase):
    def test_committed_samples_in_their_encodings(self):
        for kind, name, enc in GOOD:
            p = self.imp(kind, os.path.join(DATA, name))
            self.assertIn(f"imported", p.stdout)
            self.assertIn(dict(ENCODINGS)[enc], p.stdout)
        for table, n in GOOD_COUNTS.items():
            self.assertEqual(count(self.db, table), n, table)
        # paths, street ids, normalised phones, facts from the ID number
        self.assertEqual(query(self.db, "SELECT path, street_id FROM units WHERE code = ?",
                               "430181009001001-01"), [("/1/2/4/6/", 1)])
        self.assertEqual(query(self.db, "SELECT phone, gender, birth_year FROM persons "
                                        "WHERE name = '李娜'"), [("13907312288", "F", 1978)])
        self.assertEqual(query(self.db, "SELECT phone FROM persons WHERE name = '王强'"),
                         [("15874123456",)])
        self.assertEqual(query(self.db, "SELECT gender FROM persons WHERE name = '张子涵'"),
                         [("F",)])
        self.assertEqual(query(self.db, "SELECT kind, entrance FROM leaders ORDER BY id"),
                         [("neighbour", None), ("building", None), ("entrance", 2),
                          ("neighbour", None)])
        grid = query(self.db, "SELECT min_lon, max_lat FROM grid_rtree r JOIN units u "
                              "ON u.id = r.id WHERE u.code = '430181009001001'")[0]
        self.assertAlmostEqual(grid[0], 113.70, places=4)
        self.assertAlmostEqual(grid[1], 28.11, places=4)

    def test_every_file_in_every_encoding(self):
        for codec, name in ENCODINGS:
            db = self.path(f"{name}.db")
            for kind, sample, enc in GOOD:
                p = self.write(f"{kind}-{name}.csv", read_sample(sample, enc), codec)
                out = self.imp(kind, p, db=db).stdout
                self.assertIn(f"({name})", out)
            for table, n in GOOD_COUNTS.items():
                self.assertEqual(count(db, table), n, f"{table} in {name}")
            self.assertEqual(query(db, "SELECT name FROM units WHERE code = '430181009002'"),
                             [("青山村",)])

    def assert_reported(self, p, name, expected, rows_table, db=None):
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertEqual(p.stdout, "")
        found = set(tuple(int(x) for x in m) for m in
                    re.findall(re.escape(name) + r":(\d+):(\d+): ", p.stderr))
        for where in expected:
            self.assertIn(where, found, f"{name}:{where[0]}:{where[1]} missing in\n{p.stderr}")
        lines = {line for line, _ in found}
        self.assertEqual(lines, {line for line, _ in expected}, p.stderr)
        self.assertIn("nothing was imported", p.stderr)
        self.assertEqual(count(db or self.db, rows_table), 0)

    def test_bad_units(self):
        path = os.path.join(DATA, "units_bad.csv")
        p = self.imp("units", path, check=False)
        # unknown parent, 14-digit grid code, LineString boundary, building
        # under a village, duplicate code, unknown kind, latitude 95
        self.assert_reported(p, path, {(3, 4), (4, 1), (6, 5), (7, 4), (8, 1), (9, 3),
                                       (11, 7)}, "units")
        self.assertIn("a grid code is 15 digits", p.stderr)
        self.assertIn("already on line 2", p.stderr)
        self.assertEqual(count(self.db, "grid_rtree"), 0)

    def test_bad_households(self):
        self.import_good("units")
        path = os.path.join(DATA, "households_bad.csv")
        p = self.imp("households", path, check=False)
        # unknown building, a grid as building, floor 0 and a two-line
        # address (line 4-5), duplicate code on line 6, entrance 'x' and no
        # address on line 7
        self.assert_reported(p, path, {(2, 2), (3, 2), (4, 4), (4, 6), (6, 1), (7, 3),
                                       (7, 6)}, "households")

    def test_bad_people(self):
        self.import_good("households")
        path = os.path.join(DATA, "people_bad.csv")
        p = self.imp("people", path, check=False)
        # check digit, phone, unknown household, duplicate ID, gender
        # against the ID, missing name and unknown relation
        self.assert_reported(p, path, {(3, 2), (4, 3), (5, 4), (6, 2), (7, 6), (8, 1),
                                       (8, 5)}, "persons")
        self.assertIn("check character", p.stderr)

    def test_bad_leaders(self):
        self.import_good("people")
        path = os.path.join(DATA, "leaders_bad.csv")
        p = self.imp("leaders", path, check=False)
        # unknown person, 邻长 on a building, households of another grid and
        # twice, 单元长 without entrance, household linked twice
        self.assert_reported(p, path, {(2, 1), (3, 3), (3, 4), (4, 4), (5, 5), (7, 4)},
                             "leaders")
        self.assertIn("listed twice", p.stderr)
        self.assertIn("already linked on line 6", p.stderr)
        self.assertEqual(count(self.db, "leader_households"), 0)

    def test_header_problems(self):
        p = self.write("u.csv", "编码,类型,颜色,类型\n430181009,街道,红,街道\n")
        r = self.imp("units", p, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{p}:1:3: unknown column '颜色'", r.stderr)
        self.assertIn(f"{p}:1:4: column 类型 appears twice", r.stderr)
        self.assertIn(f"{p}:1:5: missing required column 名称", r.stderr)
        self.assertFalse(os.path.exists(self.db))  # stopped before opening the database

    def test_ignored_columns_blank_rows_and_quotes(self):
        text = ("序号,编码,名称,类型,上级编码,备注\r\n"
                "1,430181009,\"示例街道, 东\",街道,,\r\n"
                ",,,,,\r\n"
                "\r\n"
                "3,,,,,\r\n"
                "2, 430181009001 ,东湖社区\u3000,社区,430181009,新建\r\n")
        p = self.write("u.csv", text)
        self.imp("units", p)
        self.assertEqual(query(self.db, "SELECT code, name FROM units ORDER BY id"),
                         [("430181009", "示例街道, 东"), ("430181009001", "东湖社区")])

    def test_value_without_header(self):
        p = self.write("u.csv", "编码,名称,类型,\n430181009,示例街道,街道,,x\n"
                                "430181008,示例街道,街道,y\n")
        r = self.imp("units", p, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{p}:2:5: a value in a column that has no header", r.stderr)
        self.assertIn(f"{p}:3:4: a value in a column that has no header", r.stderr)

    def test_csv_syntax_error_is_reported(self):
        p = self.write("u.csv", "编码,名称,类型\n430181009,\"示例街道,街道\n")
        r = self.imp("units", p, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, re.escape(p) + r":2:2: quoted field is not closed")

    def test_dry_run_writes_nothing(self):
        r = self.imp("units", os.path.join(DATA, "units.csv"), "--dry-run")
        self.assertIn("8 units are valid", r.stdout)
        self.assertIn("dry run", r.stdout)
        self.assertEqual(count(self.db, "units"), 0)
        bad = self.imp("units", os.path.join(DATA, "units_bad.csv"), "--dry-run", check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("units_bad.csv:9:3:", bad.stderr)

    def test_usage(self):
        self.assertEqual(fq.run("import", "pets", "x.csv", check=False).returncode, 2)
        self.assertEqual(fq.run("import", "units", check=False).returncode, 2)
        r = fq.run("import", "units", "/nonexistent/file.csv", "--db", self.db, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot open", r.stderr)


class ExportTest(Dir, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.import_good()

    def export(self, what, fmt, out, *extra, check=True):
        return fq.run("export", what, "--db", self.db, "--format", fmt, "--out",
                      self.path(out), *extra, check=check)

    def test_csv_masked_with_bom(self):
        r = self.export("people", "csv", "p.csv")
        self.assertIn("exported 8 people", r.stdout)
        raw = open(self.path("p.csv"), "rb").read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        lines = raw.decode("utf-8-sig").split("\r\n")
        self.assertEqual(lines[0], "姓名,身份证号,手机号,户编码,与户主关系,性别")
        self.assertEqual(lines[1], "张伟,430181********0131,138****5678,H-DH-1-101,户主,男")
        self.assertNotIn("430181197503120131", raw.decode("utf-8-sig"))
        self.assertEqual(count(self.db, "audit_log"), 0)

    def test_unmasked_is_audited(self):
        r = self.export("people", "csv", "p.csv", "--unmasked", "--unit", "430181009001")
        self.assertIn("audit", r.stdout)
        text = open(self.path("p.csv"), encoding="utf-8-sig").read()
        self.assertIn("430181197503120131", text)
        self.assertIn("13812345678", text)
        self.assertNotIn("欧阳建国", text)  # lives in the village, outside the unit
        rows = query(self.db, "SELECT account_id, action, subject, detail FROM audit_log")
        self.assertEqual(len(rows), 1)
        self.assertIn(rows[0][0], (0, None))  # the system, not a person's account
        self.assertEqual(rows[0][1:3], ("export.unmasked", "people"))
        self.assertIn("430181009001", rows[0][3])

    def test_xlsx_is_a_workbook_with_the_sheet(self):
        self.export("people", "xlsx", "p.xlsx")
        with zipfile.ZipFile(self.path("p.xlsx")) as z:
            self.assertIsNone(z.testzip())
            names = z.namelist()
            self.assertIn("xl/workbook.xml", names)
            self.assertIn("xl/worksheets/sheet1.xml", names)
            self.assertIn('name="人员"', z.read("xl/workbook.xml").decode())
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
            styles = z.read("xl/styles.xml").decode()
        self.assertIn("身份证号", sheet)
        self.assertIn("138****5678", sheet)
        self.assertNotIn("13812345678", sheet)
        self.assertIn("<cols>", sheet)          # column widths
        self.assertIn('s="1"', sheet)           # the header's style ...
        self.assertIn("<b/>", styles)           # ... is bold
        self.assertEqual(sheet.count("<row "), 9)

    def test_xlsx_numbers_and_scope(self):
        r = self.export("households", "xlsx", "h.xlsx", "--unit", "430181009001001-01")
        self.assertIn("exported 3 households", r.stdout)
        with zipfile.ZipFile(self.path("h.xlsx")) as z:
            self.assertIn('name="住户"', z.read("xl/workbook.xml").decode())
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        self.assertIn("<v>2</v>", sheet)        # 单元 and 楼层 are numbers
        self.assertNotIn("H-QS-001", sheet)

    def test_units_round_trip(self):
        self.export("units", "csv", "u.csv")
        other = self.path("other.db")
        r = self.imp("units", self.path("u.csv"), db=other)
        self.assertIn("imported 8 units", r.stdout)
        tree = ("SELECT u.code, u.kind, p.code, u.boundary, u.lat FROM units u "
                "LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.code")
        self.assertEqual(query(other, tree), query(self.db, tree))
        self.assertEqual(count(other, "grid_rtree"), 2)

    def test_formula_injection_guard(self):
        hh = self.write("h.csv", "户编码,楼栋编码,地址\nH-F-1,430181009001001-01,"
                                 "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n")
        self.imp("households", hh)
        self.export("households", "csv", "h-out.csv")
        text = open(self.path("h-out.csv"), encoding="utf-8-sig").read()
        self.assertIn("'=HYPERLINK(", text)

    def test_unknown_unit_and_usage(self):
        r = self.export("people", "csv", "x.csv", "--unit", "NOPE", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no unit with code NOPE", r.stderr)
        self.assertFalse(os.path.exists(self.path("x.csv")))
        r = self.export("people", "pdf", "x.pdf", check=False)
        self.assertEqual(r.returncode, 2)
        r = fq.run("export", "people", "--db", self.path("none.db"), "--format", "csv",
                   "--out", self.path("y.csv"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no database", r.stderr)


class DemoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fq-demo-")
        cls.db = os.path.join(cls.dir, "demo.db")
        start = time.time()
        cls.out = fq.run("demo", "--db", cls.db, "--requests", "0").stdout
        cls.seconds = time.time() - start

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_full_street_counts(self):
        kinds = dict(query(self.db, "SELECT kind, count(*) FROM units GROUP BY kind"))
        self.assertEqual(kinds["street"], 1)
        self.assertEqual(kinds["community"], 7)
        self.assertEqual(kinds["village"], 8)
        self.assertEqual(kinds["grid"], 90)
        self.assertGreaterEqual(kinds["department"], 4)
        self.assertGreater(kinds["building"], 90)
        self.assertEqual(count(self.db, "grid_rtree"), 90)
        households = count(self.db, "households")
        self.assertLess(abs(households - 47000), 47000 * 0.03)
        people = count(self.db, "persons")
        self.assertTrue(2 * households <= people <= 4 * households)
        neighbours = count(self.db, "leaders", "WHERE kind = 'neighbour'")
        self.assertLess(abs(neighbours - 3600), 3600 * 0.1)
        self.assertEqual(count(self.db, "leaders", "WHERE kind = 'building'"), kinds["building"])
        sizes = query(self.db, "SELECT min(n), max(n) FROM (SELECT count(*) n FROM "
                               "leader_households GROUP BY leader_id)")[0]
        self.assertGreaterEqual(sizes[0], 10)
        self.assertLessEqual(sizes[1], 15)
        # every link stays inside the leader's grid
        self.assertEqual(count(self.db, "leader_households lh JOIN leaders l ON "
                               "l.id = lh.leader_id JOIN households h ON h.id = "
                               "lh.household_id", "WHERE h.grid_id != l.unit_id"), 0)
        self.assertIn("street 1/1 集里街道", self.out)
        self.assertRegex(self.out, r"insert \d+\.\d+ s")

    def test_accounts(self):
        roles = dict(query(self.db, "SELECT a.username, r.role FROM accounts a JOIN "
                                    "account_roles r ON r.account_id = a.id"))
        for user, role in [("admin", "admin"), ("dispatcher", "dispatcher"),
                           ("supervisor", "supervisor"), ("community1", "community_officer"),
                           ("grid1", "grid_worker"), ("grid90", "grid_worker"),
                           ("leader1", "leader"), ("building1", "building_leader"),
                           ("resident1", "resident"), ("dept1", "department_officer"),
                           ("talent1", "talent"), ("mediator1", "mediator")]:
            self.assertEqual(roles.get(user), role, user)
            self.assertIn(user, self.out)
        self.assertEqual(count(self.db, "accounts", "WHERE username LIKE 'grid%'"), 90)
        self.assertIn("fengqiao-demo", self.out)
        # leader1 is the 邻长 of grid1's grid, resident1 lives in a household linked to them
        linked = query(self.db,
                       "SELECT count(*) FROM accounts r JOIN persons p ON p.id = r.person_id "
                       "JOIN leader_households lh ON lh.household_id = p.household_id "
                       "JOIN leaders l ON l.id = lh.leader_id "
                       "JOIN accounts la ON la.person_id = l.person_id "
                       "WHERE r.username = 'resident1' AND la.username = 'leader1'")
        self.assertEqual(linked, [(1,)])
        same_grid = query(self.db,
                          "SELECT count(*) FROM account_roles lr JOIN accounts la ON "
                          "la.id = lr.account_id JOIN account_roles gr JOIN accounts ga ON "
                          "ga.id = gr.account_id WHERE la.username = 'leader1' AND "
                          "ga.username = 'grid1' AND lr.unit_id = gr.unit_id")
        self.assertEqual(same_grid, [(1,)])

    def test_refuses_a_database_with_units(self):
        r = fq.run("demo", "--db", self.db, "--households", "100", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("already has", r.stderr)
        self.assertEqual(count(self.db, "units", "WHERE kind = 'street'"), 1)

    def test_login_and_locate_a_building(self):
        door = query(self.db, "SELECT b.lat, b.lon, g.code FROM units b JOIN units g ON "
                              "g.id = b.parent_id WHERE b.kind = 'building' LIMIT 1 OFFSET 37")[0]
        srv = fq.Server(db=self.db)
        try:
            st, body = srv.json("POST", "/api/v1/session",
                                {"username": "admin", "password": "fengqiao-demo"})
            self.assertIn(st, (200, 201), body)
            auth = {"Authorization": "Bearer " + body["token"]}
            st, body = srv.json("GET", f"/api/v1/org/locate?lat={door[0]}&lon={door[1]}",
                                headers=auth)
            self.assertEqual(st, 200, body)
            self.assertEqual(body["grid"]["code"], door[2])
        finally:
            srv.stop()


class SmallDemoTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fq-demo-small-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def demo(self, name, *args):
        db = os.path.join(self.dir, name)
        fq.run("demo", "--db", db, "--requests", "0", *args)
        return db

    def test_same_seed_same_street(self):
        a = self.demo("a.db", "--seed", "5", "--households", "500")
        b = self.demo("b.db", "--seed", "5", "--households", "500")
        c = self.demo("c.db", "--seed", "6", "--households", "500")
        people = "SELECT name, id_number, phone FROM persons ORDER BY id"
        units = "SELECT code, name, boundary, lat, lon FROM units ORDER BY id"
        self.assertEqual(query(a, people), query(b, people))
        self.assertEqual(query(a, units), query(b, units))
        self.assertNotEqual(query(a, people), query(c, people))
        self.assertEqual(count(a, "households"), 500)

    def test_scale_builds_distinct_streets(self):
        db = self.demo("s.db", "--scale", "2", "--households", "300")
        streets = query(db, "SELECT code FROM units WHERE kind = 'street' ORDER BY id")
        self.assertEqual(streets, [("430181001",), ("430181002",)])
        self.assertEqual(count(db, "units", "WHERE kind = 'grid'"), 180)
        self.assertEqual(count(db, "households"), 600)
        self.assertEqual(count(db, "accounts", "WHERE username = 'grid180'"), 1)
        self.assertEqual(count(db, "accounts", "WHERE username = 'dispatcher_s2'"), 1)
        boxes = query(db, "SELECT s.code, min(r.min_lon), max(r.max_lon) FROM grid_rtree r "
                          "JOIN units g ON g.id = r.id JOIN units s ON s.id = g.street_id "
                          "GROUP BY s.code ORDER BY s.code")
        self.assertLess(boxes[0][2], boxes[1][1])

    def test_bad_options(self):
        db = os.path.join(self.dir, "x.db")
        for args in (["--scale", "0"], ["--households", "5"], ["--seed", "x"], ["--color", "red"],
                     ["--requests", "-1"], ["--until", "2026-13-01"]):
            r = fq.run("demo", "--db", db, *args, check=False)
            self.assertEqual(r.returncode, 2, args)


if __name__ == "__main__":
    fq.main()
