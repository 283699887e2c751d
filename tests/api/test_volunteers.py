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
import unittest

import fq
from reqhelp import Street


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


if __name__ == "__main__":
    fq.main()
