"""Staff raising a request for someone (issue 19, item 4) over real HTTP:
GET /api/v1/me names the channels the caller may use (the console's
new-request form offers these), and POST /api/v1/requests refuses every
other one with 403 naming "channel"; each staff channel's own fields
(the hotline caller, the 代报 household, the visit's household) are
refused past each limit with a 4xx naming the field, and a refused request
changes nothing; the reporter's phone is shown unmasked only through
POST /api/v1/requests/{id}/reveal, to those who may, with an audit row
first. Runs on the small tree of test_requests.py."""
import sqlite3
import unittest

import fq
from test_requests import Base, IN_A, IN_B

CHANNELS = ["self", "proxy", "hotline", "visit", "inspection"]

# what each account may raise requests through (docs/requests.md, "Channels")
OFFERED = {
    "res1": ["self"], "lead1": ["proxy"], "bld": [], "gw_a": ["visit", "inspection"],
    "com": ["visit"], "disp": ["hotline"], "sup": [], "dept1": [], "admin": ["hotline"],
}

# a body that each channel accepts from the right account (grid A)
BODIES = {
    "self": {"lat": IN_A[0], "lon": IN_A[1]},
    "proxy": {"household_id": 101},
    "hotline": {"caller_name": "王先生", "caller_phone": "13900001101", "building_id": 20},
    "visit": {"lat": IN_A[0], "lon": IN_A[1]},
    "inspection": {"lat": IN_A[0], "lon": IN_A[1]},
}


def body(channel, **extra):
    b = {"title": "楼道堆物", "category": "test.garbage", "channel": channel}
    b.update(BODIES[channel])
    b.update(extra)
    return b


class StaffIntakeTest(Base):
    def count(self):
        return self.requests_count()

    def refused(self, user, b, status, field):
        before = self.count()
        err = self.create(user, b, status)
        self.assertEqual(err["error"]["field"], field, b)
        self.assertEqual(self.count(), before, b)
        return err

    def test_me_names_the_channels_and_the_server_keeps_to_them(self):
        for user, offered in OFFERED.items():
            st, me = self.call(user, "GET", "/api/v1/me")
            self.assertEqual(st, 200, me)
            self.assertEqual(me["request_channels"], offered, user)
            for channel in CHANNELS:
                if channel in offered:
                    continue
                err = self.refused(user, body(channel), 403, "channel")
                self.assertIn(channel, err["error"]["message"])
        made = [self.create(user, body(ch)) for user, chans in OFFERED.items() for ch in chans]
        self.assertEqual(len(made), 7)

    def test_hotline_caller_past_each_limit(self):
        cases = [
            (body("hotline", caller_name=None), 422, "caller_name"),
            (body("hotline", caller_name="  \u3000"), 422, "caller_name"),
            (body("hotline", caller_name="王" * 51), 422, "caller_name"),
            (body("hotline", caller_name=["王"]), 422, "caller_name"),
            (body("hotline", caller_phone=None), 422, "caller_phone"),
            (body("hotline", caller_phone="12"), 422, "caller_phone"),
            (body("hotline", caller_phone="1390000110x"), 422, "caller_phone"),
            (body("hotline", caller_phone="1" * 21), 422, "caller_phone"),
            (body("hotline", building_id=0), 422, "building_id"),
            (body("hotline", building_id=10), 422, "building_id"),
            (body("hotline", building_id=None, lat=34.9, lon=112.9), 422, "lat"),
        ]
        for b, status, field in cases:
            self.refused("disp", {k: v for k, v in b.items() if v is not None}, status, field)
        r = self.create("disp", body("hotline", caller_name="王" * 50))
        view = self.get("gw_a", r["id"])
        self.assertEqual(view["channel"], "hotline")
        self.assertEqual(view["reporter"]["phone"], "139****1101")

    def test_proxy_names_one_of_the_leaders_own_households(self):
        cases = [
            (body("proxy", household_id=None), 422, "household_id"),
            (body("proxy", household_id=0), 422, "household_id"),
            (body("proxy", household_id="101"), 422, "household_id"),
            (body("proxy", household_id=110), 404, "household_id"),   # lead2's
            (body("proxy", household_id=103), 404, "household_id"),   # nobody's, same grid
            (body("proxy", household_id=999999), 404, "household_id"),
        ]
        for b, status, field in cases:
            self.refused("lead1", {k: v for k, v in b.items() if v is not None}, status, field)
        st, mine = self.call("lead1", "GET", "/api/v1/leaders/1/households")
        self.assertEqual(st, 200, mine)
        self.assertEqual([h["id"] for h in mine["households"]], [100, 101, 102])
        st, _ = self.call("lead1", "GET", "/api/v1/leaders/2/households")
        self.assertEqual(st, 404)
        r = self.create("lead1", body("proxy", household_id=100, lat=IN_A[0], lon=IN_A[1]))
        view = self.get("lead1", r["id"])
        self.assertEqual((view["channel"], view["location"]["household_id"]), ("proxy", 100))

    def test_visit_and_inspection_keep_to_the_callers_units(self):
        self.refused("gw_a", body("inspection", lat=IN_B[0], lon=IN_B[1]), 422, "location")
        self.refused("gw_a", body("visit", lat=IN_B[0], lon=IN_B[1]), 422, "location")
        self.refused("gw_a", body("visit", lat=91), 422, "lat")
        self.refused("gw_a", body("visit", lon=None), 422, "lon")
        self.refused("gw_a", body("visit", household_id=110), 404, "household_id")
        self.refused("com", body("visit", lat=None, lon=None, building_id=23), 422, "location")
        r = self.create("gw_a", body("visit", household_id=103, lat=None, lon=None))
        self.assertEqual(self.get("gw_a", r["id"])["location"]["household_id"], 103)

    def audits(self, subject):
        db = sqlite3.connect(self.db)
        rows = db.execute("SELECT action, detail FROM audit_log WHERE subject = ?",
                          (subject,)).fetchall()
        db.close()
        return rows

    def reveal(self, user, rid, status):
        st, resp = self.call(user, "POST", "/api/v1/requests/%d/reveal" % rid, {})
        self.assertEqual(st, status, resp)
        return resp

    def test_the_callers_phone_is_shown_only_audited(self):
        r = self.create("disp", body("hotline", caller_phone="13700001234"))
        subject = "request:%d" % r["id"]
        view = self.get("gw_a", r["id"])
        self.assertEqual(view["reporter"]["phone"], "137****1234")
        self.assertEqual(self.reveal("sup", r["id"], 403)["error"]["field"], "phone")
        self.assertEqual(self.reveal("gw_b", r["id"], 404)["error"]["field"], "id")
        self.assertEqual(self.audits(subject), [])
        self.assertEqual(self.reveal("gw_a", r["id"], 200), {"id": r["id"], "phone": "13700001234"})
        self.assertEqual(self.audits(subject), [("reveal", "phone")])
        own = self.create("res1", body("self"))
        self.assertEqual(self.reveal("gw_a", own["id"], 200)["phone"], "13900001021")
        anon = self.create("res1", body("self", anonymous=True))
        self.assertEqual(self.reveal("gw_a", anon["id"], 403)["error"]["field"], "phone")
        self.reveal("gw_a", 999999, 404)
        self.assertEqual(self.audits("request:%d" % anon["id"]), [])


if __name__ == "__main__":
    fq.main()
