#!/usr/bin/env python3
"""Bench-only generator for bench/talents.sh (not part of `make test`):
add N approved members to the talent pools of a demo database, drawn in
a fixed order from the adults who are not members yet, each in the pool
of the community or village they live in, with 1 to 3 skills, 1 or 2
roles, a capacity of 1 to 3, some open tasks, some ratings, and a tenth
of them busy or away. Bit orders are those of src/domain/talent.h.

  bench/talents_gen.py DB N"""
import random
import sqlite3
import sys
import time

SKILLS = ["law", "psychology", "construction", "finance", "elder_care", "education",
          "medicine", "agriculture", "property", "labour", "environment", "culture"]
ROLES = ["publicist", "informant", "mediator", "promoter", "supervisor"]
SEED = 20240415
ADULT_BORN_BEFORE = 2000


def main(db, n):
    rng = random.Random(SEED)
    con = sqlite3.connect(db)
    now = int(time.time())
    pools = dict(con.execute("SELECT unit_id, id FROM talent_pools"))
    people = con.execute(
        "SELECT p.id, p.household_id, b.path, c.id FROM persons p"
        " JOIN households h ON h.id = p.household_id JOIN units b ON b.id = h.building_id"
        " JOIN units g ON g.id = h.grid_id JOIN units c ON c.id = g.parent_id"
        " WHERE p.birth_year < ? AND p.id NOT IN (SELECT person_id FROM talents)"
        " ORDER BY p.id", (ADULT_BORN_BEFORE,)).fetchall()
    if len(people) < n:
        sys.exit("only %d adults who are not members; build a bigger street" % len(people))
    rng.shuffle(people)
    rows, skills, roles = [], [], []
    first = (con.execute("SELECT coalesce(max(id), 0) FROM talents").fetchone()[0]) + 1
    for i, (pid, hh, path, community) in enumerate(people[:n]):
        tid = first + i
        sk = rng.sample(range(len(SKILLS)), rng.randint(1, 3))
        rl = rng.sample(range(len(ROLES)), rng.randint(1, 2))
        cap = rng.randint(1, 3)
        count = rng.choice([0, 0, 0, 1, 3, 8, 20])
        rsum = sum(rng.randint(3, 5) for _ in range(count))
        avail = rng.choices(["available", "busy", "away"], [90, 6, 4])[0]
        rows.append((tid, pools[community], pid, hh, path, "recommendation", "approved",
                     "群英", avail, cap, sum(1 << s for s in sk), sum(1 << r for r in rl),
                     rng.randint(0, cap), count, rsum, count, now, now, now))
        skills += [(tid, SKILLS[s]) for s in sk]
        roles += [(tid, ROLES[r]) for r in rl]
    con.executemany(
        "INSERT INTO talents(id, pool_id, person_id, household_id, home_path, enrolment, status,"
        " title, availability, capacity, skill_mask, role_mask, open_tasks, done_tasks,"
        " rating_sum, rating_count, decided_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO talent_skills(talent_id, skill) VALUES (?, ?)", skills)
    con.executemany("INSERT INTO talent_roles(talent_id, role) VALUES (?, ?)", roles)
    con.commit()
    total = con.execute("SELECT count(*) FROM talents WHERE status = 'approved'").fetchone()[0]
    print("added %d members; %d approved in all" % (n, total))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
