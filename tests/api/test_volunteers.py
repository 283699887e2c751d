"""Volunteers (服务网) over real HTTP, on a copy of the small demo street:
a resident registers themselves and staff enter a person of the org tree;
one person is volunteer, 邻长 and 群英 at once; skills, availability and
the units served; scope (staff see their units, a volunteer their own);
masked phones; teams with a leader, members who join and leave with the
history kept, and the size limit; activities with slots, sign-ups, the
waiting list that moves up in order, no double booking, the per-day limit
and the exact race for the last places; check-in and check-out with the
rotating code, hours into the append-only ledger, corrections and stars.
Every limit is gone past with the field named in the 4xx."""
import hashlib
import threading
import time
import unittest

import fq
from reqhelp import Street, iso


class Base(unittest.TestCase):
    def setUp(self):
        self.s = Street()

    def tearDown(self):
        self.s.close()

    def call(self, method, user, path, body=None, want=200):
        st, b = self.s.srv.json(method, path, body, self.s.auth(user))
        if want is not None:
            self.assertEqual(st, want, "%s %s %s: %s" % (method, user, path, b))
        return b

    def get(self, user, path, want=200):
        return self.call("GET", user, path, None, want)

    def post(self, user, path, body=None, want=200):
        return self.call("POST", user, path, body if body is not None else {}, want)

    def refused(self, method, user, path, body, status, field):
        st, b = self.s.srv.json(method, path, body, self.s.auth(user))
        self.assertEqual((st, b.get("error", {}).get("field")), (status, field), b)

    def unit(self, path):
        return self.s.one("SELECT id FROM units WHERE path = ?", (path,))[0]

    def person_under(self, path, skip=()):
        """A person whose home is under path, not one of skip."""
        rows = self.s.sql("SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id"
                          " JOIN units b ON b.id = h.building_id WHERE b.path LIKE ?"
                          " ORDER BY p.id", (path + "%",))
        return [r[0] for r in rows if r[0] not in skip][0]

    def staff_volunteer(self, person, user="community1", **extra):
        body = {"person_id": person, "skills": ["first_aid"]}
        body.update(extra)
        return self.post(user, "/api/v1/volunteers", body, 201)


class VolunteersTest(Base):
    def test_resident_registers_and_has_several_roles(self):
        v = self.post("resident1", "/api/v1/volunteers",
                      {"skills": ["law", "first_aid", "photography"],
                       "availability": ["sat.morning", "sun.evening"],
                       "units": [self.unit("/1/2/")], "note": "周末有空"}, 201)
        self.assertEqual(v["enrolment"], "self")
        self.assertEqual([k["code"] for k in v["skills"]], ["law", "first_aid", "photography"])
        self.assertEqual(v["skills"][1]["label"], "急救")
        self.assertEqual(v["availability"], ["sat.morning", "sun.evening"])
        self.assertEqual([u["name"] for u in v["units"]], ["集里社区"])
        # resident1's person is also the 邻长 leader1: one person, several roles
        self.assertIn("leader", v["roles"])
        self.assertEqual((v["hours"], v["stars"], v["next_star_hours"]), (0, 0, 100))
        me = self.get("resident1", "/api/v1/volunteers/me")
        self.assertEqual(me["id"], v["id"])
        # the same person cannot register twice
        self.refused("POST", "resident1", "/api/v1/volunteers", {}, 409, "person_id")
        # the volunteer edits their own record
        e = self.call("PUT", "resident1", "/api/v1/volunteers/%d" % v["id"],
                      {"availability": ["mon.evening"]})
        self.assertEqual(e["availability"], ["mon.evening"])
        self.assertEqual(len(e["skills"]), 3)

    def test_staff_enter_within_scope_and_phones_masked(self):
        person = self.person_under("/1/2/", skip=(1,))
        v = self.staff_volunteer(person, skills=["patrol", "driving"])
        self.assertEqual(v["enrolment"], "staff")
        phone = self.s.one("SELECT phone FROM persons WHERE id = ?", (person,))[0]
        if phone:
            self.assertIn("****", v["phone"])
            self.assertNotEqual(v["phone"], phone)
        # another community's officer neither enters nor sees the person
        other = self.person_under("/1/3/")
        self.refused("POST", "community1", "/api/v1/volunteers", {"person_id": other}, 404,
                     "person_id")
        self.get("community2", "/api/v1/volunteers/%d" % v["id"], want=404)
        self.get("resident1", "/api/v1/volunteers/%d" % v["id"], want=404)
        mine = self.get("community1", "/api/v1/volunteers")["items"]
        self.assertEqual([i["id"] for i in mine], [v["id"]])
        self.assertEqual(self.get("community2", "/api/v1/volunteers")["items"], [])
        both = self.get("dispatcher", "/api/v1/volunteers?skill=driving")["items"]
        self.assertEqual([i["id"] for i in both], [v["id"]])
        self.assertEqual(self.get("dispatcher", "/api/v1/volunteers?skill=law")["items"], [])
        # the phone reveal is the org tree's, and audited
        self.post("community1", "/api/v1/persons/%d/reveal" % person, {"field": "phone"},
                  want=None)
        # a resident may not list volunteers
        self.get("resident1", "/api/v1/volunteers", want=403)

    def test_limits_name_the_field(self):
        u = "/api/v1/volunteers"
        self.refused("POST", "resident1", u, {"skills": ["juggling"]}, 422, "skills")
        self.refused("POST", "resident1", u, {"skills": "law"}, 422, "skills")
        self.refused("POST", "resident1", u, {"skills": ["law"] * 33}, 422, "skills")
        self.refused("POST", "resident1", u, {"availability": ["monday.morning"]}, 422,
                     "availability")
        self.refused("POST", "resident1", u, {"availability": ["mon.night"]}, 422,
                     "availability")
        self.refused("POST", "resident1", u, {"units": [1] * 9}, 422, "units")
        self.refused("POST", "resident1", u, {"units": [999999]}, 422, "units")
        self.refused("POST", "resident1", u, {"note": "字" * 201}, 422, "note")
        self.refused("POST", "resident1", u, {"status": "gone"}, 422, "status")
        self.refused("POST", "resident1", u, {"colour": "red"}, 422, "colour")
        self.refused("POST", "dispatcher", u, {}, 422, "person_id")
        self.refused("POST", "community1", u, {"person_id": 99999999}, 404, "person_id")
        # nothing was written
        self.assertEqual(self.s.one("SELECT count(*) FROM volunteers")[0], 0)


class TeamsTest(Base):
    def team(self, user="community1", want=201, **extra):
        body = {"unit_id": self.unit("/1/2/"), "name": "红枫义警", "kind": "patrol_police"}
        body.update(extra)
        return self.post(user, "/api/v1/volunteer-teams", body, want)

    def test_members_join_and_leave_with_history(self):
        people = [self.person_under("/1/2/", skip=(1,))]
        lead = self.staff_volunteer(people[0])
        t = self.team(leader_id=lead["id"], size_max=3)
        self.assertEqual((t["kind"], t["members"], t["leader_id"]), ("patrol_police", 1,
                                                                     lead["id"]))
        me = self.post("resident1", "/api/v1/volunteers", {}, 201)
        j = self.post("resident1", "/api/v1/volunteer-teams/%d/join" % t["id"])
        self.assertEqual(j["members"], 2)
        self.refused("POST", "resident1", "/api/v1/volunteer-teams/%d/join" % t["id"], {},
                     409, "volunteer_id")
        left = self.post("resident1", "/api/v1/volunteer-teams/%d/leave" % t["id"])
        self.assertEqual(left["members"], 1)
        self.assertEqual([m["volunteer_id"] for m in left["members_past"]], [me["id"]])
        self.assertIsNotNone(left["members_past"][0]["left_at"])
        self.refused("POST", "resident1", "/api/v1/volunteer-teams/%d/leave" % t["id"], {},
                     404, "volunteer_id")
        # rejoining adds a new membership; the old one stays in the history
        again = self.post("resident1", "/api/v1/volunteer-teams/%d/join" % t["id"])
        self.assertEqual((again["members"], len(again["members_past"])), (2, 1))
        # the size limit
        third = self.staff_volunteer(self.person_under("/1/2/", skip=(1, people[0])))
        self.post("community1", "/api/v1/volunteer-teams/%d/join" % t["id"],
                  {"volunteer_id": third["id"]})
        fourth = self.staff_volunteer(self.person_under(
            "/1/2/", skip=(1, people[0], third["person_id"])))
        self.refused("POST", "community1", "/api/v1/volunteer-teams/%d/join" % t["id"],
                     {"volunteer_id": fourth["id"]}, 409, "size_max")
        # a resident sees the teams of their community, not another's
        self.assertEqual([x["id"] for x in self.get("resident1",
                                                     "/api/v1/volunteer-teams")["items"]],
                         [t["id"]])
        self.assertEqual(self.get("community2", "/api/v1/volunteer-teams")["items"], [])
        # a resident may not move someone else
        self.refused("POST", "resident1", "/api/v1/volunteer-teams/%d/leave" % t["id"],
                     {"volunteer_id": third["id"]}, 422, "volunteer_id")

    def test_team_limits(self):
        self.team(name="妈妈唠嗑队", kind="community")
        self.refused("POST", "community1", "/api/v1/volunteer-teams",
                     {"unit_id": self.unit("/1/2/"), "name": "妈妈唠嗑队", "kind": "community"},
                     409, "name")
        base = {"unit_id": self.unit("/1/2/"), "name": "队", "kind": "party"}
        for field, value, status in (("kind", "band", 422), ("name", "队" * 41, 422),
                                     ("size_max", 1, 422), ("size_max", 2001, 422),
                                     ("leader_id", 999999, 422),
                                     ("unit_id", self.unit("/1/3/"), 404)):
            body = dict(base)
            body[field] = value
            self.refused("POST", "community1", "/api/v1/volunteer-teams", body, status, field)
        self.refused("POST", "resident1", "/api/v1/volunteer-teams", base, 403, None)



DAY = 86400


class ActivitiesBase(Base):
    def activity(self, user="community1", start=DAY, hours=3, slots=None, want=201, **extra):
        t0 = int(time.time()) + start
        body = {"kind": "callout", "unit_id": self.unit("/1/2/"), "title": "幼儿园护学",
                "address": "杜黄新村", "lat": 28.07, "lon": 113.01,
                "starts_at": iso(t0), "ends_at": iso(t0 + hours * 3600),
                "slots": slots or [{"role": "安全", "capacity": 2}]}
        body.update(extra)
        return self.post(user, "/api/v1/activities", body, want)

    def volunteers_sql(self, n, skip=(1,)):
        """n volunteers inserted straight into the copy (persons of the tree)."""
        rows = self.s.sql("SELECT p.id, coalesce(b.path, '/1/') FROM persons p"
                          " JOIN households h ON h.id = p.household_id"
                          " JOIN units b ON b.id = h.building_id ORDER BY p.id")
        rows = [r for r in rows if r[0] not in skip][:n]
        self.assertEqual(len(rows), n)
        for pid, path in rows:
            self.s.sql("INSERT INTO volunteers(person_id, home_path, enrolment, created_at,"
                       " updated_at) VALUES (?, ?, 'staff', 0, 0)", (pid, path))
        return [r[0] for r in self.s.sql("SELECT id FROM volunteers ORDER BY id")][-n:]

    def shift(self, act_id, seconds):
        """Move an activity (and its sign-ups) by seconds, into the past say."""
        for table, col in (("activities", "id"), ("activity_signups", "activity_id")):
            self.s.sql("UPDATE %s SET starts_at = starts_at + ?, ends_at = ends_at + ?"
                       " WHERE %s = ?" % (table, col), (seconds, seconds, act_id))


class SignupTest(ActivitiesBase):
    def test_waiting_list_moves_up_in_order(self):
        a = self.activity(slots=[{"role": "安全", "capacity": 1}])
        self.assertEqual(a["slots"][0]["capacity"], 1)
        self.assertEqual(a["point"], {"lat": 28.07, "lon": 113.01})
        vols = self.volunteers_sql(3)
        states = [self.post("community1", "/api/v1/activities/%d/signup" % a["id"],
                            {"volunteer_id": v})["state"] for v in vols]
        self.assertEqual(states, ["confirmed", "waiting", "waiting"])
        w = self.post("community1", "/api/v1/activities/%d/withdraw" % a["id"],
                      {"volunteer_id": vols[0]})
        by_vol = {s["volunteer_id"]: s["state"] for s in w["signups"]}
        self.assertEqual([by_vol[v] for v in vols], ["withdrawn", "confirmed", "waiting"])
        self.assertEqual(w["slots"][0]["confirmed"], 1)
        # a waiting one withdrawing moves nobody
        w = self.post("community1", "/api/v1/activities/%d/withdraw" % a["id"],
                      {"volunteer_id": vols[2]})
        self.assertIsNone(w["promoted_signup_id"])
        self.refused("POST", "community1", "/api/v1/activities/%d/withdraw" % a["id"],
                     {"volunteer_id": vols[2]}, 404, "volunteer_id")

    def test_resident_signs_up_once_without_double_booking(self):
        self.post("resident1", "/api/v1/volunteers", {"skills": ["first_aid"]}, 201)
        a = self.activity()
        s = self.post("resident1", "/api/v1/activities/%d/signup" % a["id"])
        self.assertEqual((s["state"], s["mine"]["state"]), ("confirmed", "confirmed"))
        self.assertIsNone(s["signups"])  # only the organiser sees the list
        self.refused("POST", "resident1", "/api/v1/activities/%d/signup" % a["id"], {}, 409,
                     "volunteer_id")
        overlapping = self.activity(start=DAY + 3600)
        self.refused("POST", "resident1", "/api/v1/activities/%d/signup" % overlapping["id"],
                     {}, 409, "starts_at")
        after = self.activity(start=DAY + 3 * 3600)  # starts as the first ends
        self.post("resident1", "/api/v1/activities/%d/signup" % after["id"])
        needs = self.activity(start=3 * DAY, skills=["driving"])
        self.refused("POST", "resident1", "/api/v1/activities/%d/signup" % needs["id"], {},
                     409, "skills")
        two = self.activity(start=4 * DAY, slots=[{"role": "a", "capacity": 1},
                                                  {"role": "b", "capacity": 1}])
        self.refused("POST", "resident1", "/api/v1/activities/%d/signup" % two["id"], {},
                     422, "slot_id")
        self.refused("POST", "resident1", "/api/v1/activities/%d/signup" % two["id"],
                     {"slot_id": 999999}, 422, "slot_id")
        # another volunteer may not be signed up by a resident
        other = self.volunteers_sql(1)[0]
        self.refused("POST", "resident1", "/api/v1/activities/%d/signup" % two["id"],
                     {"volunteer_id": other, "slot_id": two["slots"][0]["id"]}, 422,
                     "volunteer_id")

    def test_lists_page_past_rows_out_of_sight(self):
        other = self.activity(user="community2", unit_id=self.unit("/1/3/"))
        mine = self.activity()
        page = self.get("resident1", "/api/v1/activities?limit=1")
        self.assertEqual(page["items"], [])  # the first row is another community's
        self.assertIsNotNone(page["next_cursor"])
        page = self.get("resident1", "/api/v1/activities?limit=1&cursor=" + page["next_cursor"])
        self.assertEqual([a["id"] for a in page["items"]], [mine["id"]])
        self.get("resident1", "/api/v1/activities/%d" % other["id"], want=404)
        self.assertEqual([a["id"] for a in self.get("community2", "/api/v1/activities")["items"]],
                         [other["id"]])

    def test_signups_per_day_limit(self):
        v = self.volunteers_sql(1)[0]
        acts = [self.activity(start=DAY * (i + 1)) for i in range(6)]
        for a in acts[:5]:
            self.post("community1", "/api/v1/activities/%d/signup" % a["id"],
                      {"volunteer_id": v})
        self.refused("POST", "community1", "/api/v1/activities/%d/signup" % acts[5]["id"],
                     {"volunteer_id": v}, 429, "signups_per_day")

    def test_concurrent_signups_fill_exactly(self):
        a = self.activity(slots=[{"role": "安全", "capacity": 20}])
        vols = self.volunteers_sql(200)
        self.s.auth("community1")
        results = {}

        def one(v):
            st, b = self.s.srv.json("POST", "/api/v1/activities/%d/signup" % a["id"],
                                    {"volunteer_id": v}, self.s.auth("community1"))
            results[v] = (st, b.get("state"))

        threads = [threading.Thread(target=one, args=(v,)) for v in vols]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual({st for st, _ in results.values()}, {200})
        rows = self.s.sql("SELECT id, state, volunteer_id FROM activity_signups"
                          " WHERE activity_id = ? ORDER BY id", (a["id"],))
        self.assertEqual(len(rows), 200)
        # the first 20 to reach the writer are confirmed, the rest wait in order
        self.assertEqual([r[1] for r in rows], ["confirmed"] * 20 + ["waiting"] * 180)
        self.assertEqual(sum(1 for st, s in results.values() if s == "confirmed"), 20)
        self.assertEqual(self.s.one("SELECT confirmed FROM activity_slots WHERE activity_id = ?",
                                    (a["id"],))[0], 20)
        w = self.post("community1", "/api/v1/activities/%d/withdraw" % a["id"],
                      {"volunteer_id": rows[3][2]})
        self.assertEqual(w["promoted_signup_id"], rows[20][0])

    def test_activity_limits(self):
        base = dict(kind="callout")
        for field, value, status in (
                ("kind", "party", 422), ("title", "题" * 61, 422), ("address", "", 422),
                ("slots", [], 422), ("slots", [{"role": "x", "capacity": 1}] * 11, 422),
                ("slots", [{"role": "x", "capacity": 1001}], 422),
                ("slots", [{"role": "长" * 21, "capacity": 1}], 422),
                ("skills", ["juggling"], 422), ("starts_at", "tomorrow", 422),
                ("lat", 91, 422), ("unit_id", 999999, 404)):
            extra = dict(base)
            extra[field] = value
            st, b = self.s.srv.json("POST", "/api/v1/activities", dict(
                {"unit_id": self.unit("/1/2/"), "title": "t", "address": "a",
                 "starts_at": iso(int(time.time()) + DAY),
                 "ends_at": iso(int(time.time()) + DAY + 3600),
                 "slots": [{"role": "x", "capacity": 1}]}, **extra), self.s.auth("community1"))
            self.assertEqual((st, b["error"]["field"]), (status, field), (field, b))
        self.activity(hours=13, want=422)
        self.activity(start=-3600, want=422)
        self.refused("POST", "community1", "/api/v1/activities", {
            "kind": "activity", "unit_id": self.unit("/1/2/"), "title": "t", "address": "a",
            "starts_at": iso(int(time.time()) + DAY), "ends_at": iso(int(time.time()) + DAY),
            "slots": [{"role": "x", "capacity": 1}]}, 422, "ends_at")
        self.refused("POST", "community2", "/api/v1/activities", {
            "kind": "activity", "unit_id": self.unit("/1/2/"), "title": "t", "address": "a",
            "starts_at": iso(int(time.time()) + DAY),
            "ends_at": iso(int(time.time()) + DAY + 60),
            "slots": [{"role": "x", "capacity": 1}]}, 404, "unit_id")
        self.assertEqual(self.s.one("SELECT count(*) FROM activities")[0], 2 - 2)


class AttendanceTest(ActivitiesBase):
    def code_of(self, act_id, step):
        secret = self.s.one("SELECT secret FROM activities WHERE id = ?", (act_id,))[0]
        mac = hashlib.blake2b(("%d:%d" % (act_id, step)).encode(), digest_size=8,
                              key=secret.encode()).digest()
        return "%d-%d-%s" % (act_id, step, mac.hex()), "%06d" % (int.from_bytes(mac[:4], "big")
                                                                % 1000000)

    def test_code_hours_stars_and_ledger(self):
        v = self.post("resident1", "/api/v1/volunteers", {}, 201)
        a = self.activity(hours=3)
        self.post("resident1", "/api/v1/activities/%d/signup" % a["id"])
        # the organiser's code; a resident cannot read it
        c = self.get("community1", "/api/v1/activities/%d/code" % a["id"])
        self.assertRegex(c["code"], r"^\d{6}$")
        self.assertEqual(c["step_s"], 30)
        step = int(time.time()) // 30
        self.assertIn((c["token"], c["code"]), [self.code_of(a["id"], s)
                                                for s in (step, step - 1)])
        self.get("resident1", "/api/v1/activities/%d/code" % a["id"], want=404)
        # the activity runs now: it began an hour ago
        self.shift(a["id"], -DAY - 3600)
        url = "/api/v1/activities/%d/" % a["id"]
        old = self.code_of(a["id"], step - 3)[0]  # 90 s old at least
        self.refused("POST", "resident1", url + "checkin", {"code": old}, 422, "code")
        self.refused("POST", "resident1", url + "checkin", {"code": "123"}, 422, "code")
        self.refused("POST", "resident1", url + "checkin", {}, 422, "code")
        self.refused("POST", "resident1", url + "checkout", {"code": c["code"]}, 409, "code")
        fresh = self.get("community1", url + "code")
        self.post("resident1", url + "checkin", {"code": fresh["code"]})
        self.refused("POST", "resident1", url + "checkin", {"code": fresh["token"]}, 409,
                     "code")
        # checked in an hour and a half before the end: move the check-in back
        self.s.sql("UPDATE activity_signups SET checkin_at = checkin_at - 7200"
                   " WHERE activity_id = ?", (a["id"],))
        out = self.post("resident1", url + "checkout",
                        {"code": self.get("community1", url + "code")["token"]})
        self.assertEqual(out["minutes"], 60)  # capped: the span began an hour ago
        led = self.get("resident1", "/api/v1/volunteers/%d/hours" % v["id"])
        self.assertEqual((led["minutes"], led["stars"]), (60, 0))
        self.assertEqual(led["items"][0]["kind"], "attendance")
        # a correction is a new entry with reason and author; the ledger never changes
        fix = self.post("community1", "/api/v1/volunteers/%d/hours" % v["id"],
                        {"minutes": 1440, "reason": "补录纸质签到"}, 201)
        self.assertEqual((fix["minutes"], len(fix["items"])), (1500, 2))
        self.assertEqual(fix["items"][1]["reason"], "补录纸质签到")
        self.assertIsNotNone(fix["items"][1]["author_id"])
        with self.assertRaises(Exception):
            self.s.sql("UPDATE volunteer_hours SET minutes = 0")
        self.refused("POST", "community1", "/api/v1/volunteers/%d/hours" % v["id"],
                     {"minutes": -1600, "reason": "x"}, 422, "minutes")
        self.refused("POST", "community1", "/api/v1/volunteers/%d/hours" % v["id"],
                     {"minutes": 0, "reason": "x"}, 422, "minutes")
        self.refused("POST", "community1", "/api/v1/volunteers/%d/hours" % v["id"],
                     {"minutes": 10, "reason": "理" * 201}, 422, "reason")
        self.refused("POST", "community1", "/api/v1/volunteers/%d/hours" % v["id"],
                     {"minutes": 10}, 422, "reason")
        self.refused("POST", "community2", "/api/v1/volunteers/%d/hours" % v["id"],
                     {"minutes": 10, "reason": "x"}, 404, "id")
        self.refused("POST", "resident1", "/api/v1/volunteers/%d/hours" % v["id"],
                     {"minutes": 10, "reason": "x"}, 403, None)
        # stars from verified hours: 100 h is the first
        self.s.sql("INSERT INTO volunteer_hours(volunteer_id, minutes, kind, created_at)"
                   " VALUES (?, ?, 'correction', 0)", (v["id"], 100 * 60 - 1500))
        me = self.get("resident1", "/api/v1/volunteers/me")
        self.assertEqual((me["hours"], me["stars"], me["next_star_hours"]), (100, 1, 200))

    def test_organiser_marks_attendance(self):
        vol = self.volunteers_sql(1)[0]
        a = self.activity(hours=2)
        self.post("community1", "/api/v1/activities/%d/signup" % a["id"], {"volunteer_id": vol})
        self.shift(a["id"], -DAY - 4 * 3600)  # it ended two hours ago
        t0 = self.s.one("SELECT starts_at FROM activities WHERE id = ?", (a["id"],))[0]
        url = "/api/v1/activities/%d/attendance" % a["id"]
        body = {"volunteer_id": vol, "checkin_at": iso(t0 - 600), "checkout_at": iso(t0 + 9000)}
        self.refused("POST", "community2", url, body, 422, "volunteer_id")
        self.refused("POST", "community1", url, dict(body, checkout_at=iso(t0 - 900)), 422,
                     "checkout_at")
        self.refused("POST", "community1", url, dict(body, checkin_at="x"), 422, "checkin_at")
        m = self.post("community1", url, body)
        self.assertEqual(m["minutes"], 120)  # capped by the span
        self.refused("POST", "community1", url, body, 409, "volunteer_id")


if __name__ == "__main__":
    fq.main()
