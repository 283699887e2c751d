#!/usr/bin/env bash
# Benchmark of dispatch-by-name (not part of `make test`): GET
# /api/v1/talents/suggestions for a dispute over a street whose pools hold
# TALENTS approved members (default 10,000), against GET /api/v1/me on the
# same server in the same run, both with wrk over 127.0.0.1; prints a
# Markdown table of p50/p95/p99 (docs/talents.md has a run's figures).
# Target: suggestions p99 under 10 ms.
#
#   bench/talents.sh [build/fengqiao]
#
# The database is a demo street of HOUSEHOLDS households (default 8000,
# enough adults), without request history, plus bench/talents_gen.py's
# members. The subject is a dispute between two residents raised through
# POST /api/v1/disputes; if that route is not there, a request instead
# (the table says which). Settings (environment): TALENTS, HOUSEHOLDS,
# SECONDS_PER_RUN (10), CONNECTIONS (2), ROUNDS (3, alternating). Needs the
# release build (cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo), wrk and python3.
set -euo pipefail
bin=${1:-build/fengqiao}
talents=${TALENTS:-10000}
households=${HOUSEHOLDS:-8000}
secs=${SECONDS_PER_RUN:-10}
conns=${CONNECTIONS:-2}
rounds=${ROUNDS:-3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p bench/out
work=$(mktemp -d "$PWD/bench/out/talents.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"

db=$work/talents.db
"$bin" demo --db "$db" --households "$households" --requests 0 >"$work/demo.log"
python3 "$here/talents_gen.py" "$db" "$talents"

port=$(free_port)
"$bin" serve --db "$db" --port "$port" --access-log "" --sweep-interval-s 0 >"$work/serve.log" 2>&1 &
pid=$!
wait_up "$port"
url=http://127.0.0.1:$port
tok=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"username":"dispatcher","password":"fengqiao-demo"}' "$url/api/v1/session" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# The subject: a dispute between two residents of the first grid, or a request.
read -r grid p1 p2 building < <(python3 - "$db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
g = con.execute("SELECT id FROM units WHERE kind = 'grid' ORDER BY id LIMIT 1").fetchone()[0]
ps = con.execute("SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id"
                 " WHERE h.grid_id = ? ORDER BY p.id LIMIT 2", (g,)).fetchall()
b = con.execute("SELECT id FROM units WHERE parent_id = ? AND kind = 'building' LIMIT 1", (g,)).fetchone()[0]
print(g, ps[0][0], ps[1][0], b)
PY
)
subject=
body=$(printf '{"unit_id":%s,"type":"neighbour","source":"party_application","title":"漏水纠纷","facts":"楼上漏水","parties":[{"person_id":%s,"role":"applicant"},{"person_id":%s,"role":"respondent"}]}' "$grid" "$p1" "$p2")
if out=$(curl -sf -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d "$body" "$url/api/v1/disputes"); then
  subject=dispute:$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
else
  body=$(printf '{"title":"漏水纠纷","category":"dispute.neighbour","channel":"hotline","building_id":%s,"caller_name":"张三","caller_phone":"13800138000"}' "$building")
  out=$(curl -sf -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d "$body" "$url/api/v1/requests")
  subject=request:$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
fi
check=$(curl -sf -H "Authorization: Bearer $tok" "$url/api/v1/talents/suggestions?subject=$subject")
read -r cands eligible top < <(echo "$check" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["candidates"], s["eligible"], len(s["items"]))')

# run PATH: one wrk run; prints "p50 p95 p99 requests".
run() {
  FQ_TOKEN=$tok FQ_PATH=$1 wrk -t "$conns" -c "$conns" -d "${secs}s" -s "$here/talents_get.lua" "$url" >"$work/wrk.out"
  local lat st n
  lat=$(awk '/^LATENCY/ {print $2, $3, $4}' "$work/wrk.out")
  st=$(awk '/^STATUS/ {print $2}' "$work/wrk.out")
  n=$(awk '/^REQUESTS/ {print $2}' "$work/wrk.out")
  [ "$st" = 0 ] || { echo "non-2xx answers: $st" >&2; exit 1; }
  echo "$lat $n"
}

: >"$work/sug" ; : >"$work/me"
for _ in $(seq "$rounds"); do
  run "/api/v1/talents/suggestions?subject=$subject" >>"$work/sug"
  run "/api/v1/me" >>"$work/me"
done
# the median round of each (by p99)
med() { sort -k3 -n "$1" | awk -v n="$rounds" 'NR == int((n + 1) / 2)'; }
read -r s50 s95 s99 sn < <(med "$work/sug")
read -r m50 m95 m99 mn < <(med "$work/me")
ratio=$(python3 -c "print('%.1f' % ($s99 / $m99 if $m99 > 0 else 0))")
verdict=$(python3 -c "print('met' if $s99 < 10 else 'MISSED')")
echo
echo "Suggestions for $subject over $cands candidates ($eligible eligible, top $top), $conns connections, ${secs} s x $rounds rounds (median round):"
echo
echo "| route | p50 ms | p95 ms | p99 ms | requests/s |"
echo "|---|---|---|---|---|"
echo "| GET /api/v1/talents/suggestions?subject=$subject | $s50 | $s95 | $s99 | $((sn / secs)) |"
echo "| GET /api/v1/me (baseline) | $m50 | $m95 | $m99 | $((mn / secs)) |"
echo
echo "p99 suggestions / p99 me: ${ratio}x; target p99 < 10 ms: $verdict"
