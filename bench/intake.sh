#!/usr/bin/env bash
# Benchmarks on the database users get (not part of `make test`): the demo
# street that `make run` builds (`fengqiao demo`, a year of history), each
# run on a fresh copy of it, each figure against a baseline measured in the
# same run on the same machine. Prints Markdown tables (docs/benchmarks.md
# has the figures of a run and what they mean):
#
#   a. durable intake, POST /api/v1/requests from 64 connections, for three
#      loads - one resident's own household; the hotline at one point of
#      grid 4; the hotline at random points of the street - against the
#      raw loop of one SQLite row per fsync (bench_commit --raw) and against
#      the same server with --batch-max 1; with the server's CPU time per
#      accepted request (from /proc);
#   b. report storms (bench/storm.py): 10,000 reports at one point, from
#      one household and about one building, the first thousand's rate
#      against the last's;
#   c. reads: GET /api/v1/me, a request list and a request's detail against
#      a hello-world libmicrohttpd server at its fastest flags;
#   d. the demo year played by `fengqiao demo` (requests/s and CPU).
#
#   bench/intake.sh [build/fengqiao]
#
# Settings (environment): SECONDS_PER_RUN (10); ROUNDS (3); DEMO_DB (the
# demo database to copy, built when missing and kept; default
# bench/out/demo.db); BIG_DB (a larger history, e.g. bench/out/requests-
# 1000000.db from bench/requests.sh: a repeats with copies of it, BIG_ROUNDS
# rounds, default 1); STORM (10000).
# Needs the non-sanitized build (`make build`), wrk and python3. Everything
# runs on 127.0.0.1 and every server it starts is stopped at the end.
set -euo pipefail
bin=${1:-build/fengqiao}
dir=$(dirname "$bin")
secs=${SECONDS_PER_RUN:-10}
rounds=${ROUNDS:-3}
storm=${STORM:-10000}
out=bench/out
mkdir -p "$out"
demo=${DEMO_DB:-$out/demo.db}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "$PWD/$out/intake.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "installing wrk"; ${SUDO:-} apt-get install -y -qq wrk >/dev/null; }

. "$(dirname "$0")/lib.sh"
threads=$(nproc)
hz=$(getconf CLK_TCK)

# serve DB [flags...]: start a server on a copy's path; sets $port and $pid.
serve() {
  local db=$1
  shift
  port=$(free_port)
  "$bin" serve --db "$db" --port "$port" --sweep-interval-s 0 --access-log "$work/access.log" "$@" \
    >>"$work/serve.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_up "$port"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# post PORT PID [wrk flags...]: one wrk run of intake_post.lua with the
# FQ_* settings of the caller's environment; prints "requests/s accepted
# cpu_us_per_accepted p50 p99 bad".
post() {
  local port=$1 pid=$2
  shift 2
  local c0 text
  c0=$(cpu_ticks "$pid")
  text=$(wrk -t2 -c64 --latency "$@" -s "$here/intake_post.lua" "http://127.0.0.1:$port")
  local c1
  c1=$(cpu_ticks "$pid")
  awk -v c0="$c0" -v c1="$c1" -v hz="$hz" '
    / requests in / {n=$1} /Requests\/sec/ {r=$2} /^LATENCY/ {p50=$2; p99=$4} /^STATUS/ {bad=$2}
    END {ok=n-bad; cpu=(ok>0 ? (c1-c0)/hz*1e6/ok : 0); printf "%.0f %d %.0f %s %s %d\n", r, ok, cpu, p50, p99, bad}' <<<"$text"
}

# ---- the database -------------------------------------------------------------------

if [ ! -s "$demo" ]; then
  echo "building $demo: the demo street of \`make run\`" >&2
  "$bin" demo --db "$demo" >"$demo.log"
fi
fresh() { rm -f "$1"*; sqlite3 "$demo" ".backup '$1'"; }

# the places of the loads, read from the demo database
read -r g4lat g4lon box bld < <(python3 - "$demo" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
g = db.execute("SELECT id FROM units WHERE kind = 'grid' ORDER BY id LIMIT 1 OFFSET 3").fetchone()[0]
lat0, lat1, lon0, lon1 = db.execute(
    "SELECT min_lat, max_lat, min_lon, max_lon FROM grid_rtree WHERE id = ?", (g,)).fetchone()
s = db.execute("SELECT min(min_lat), max(max_lat), min(min_lon), max(max_lon) FROM grid_rtree").fetchone()
b = db.execute("SELECT id FROM units WHERE kind = 'building' ORDER BY id LIMIT 1").fetchone()[0]
print(f"{(lat0 + lat1) / 2:.6f} {(lon0 + lon1) / 2:.6f} {s[0]:.6f},{s[1]:.6f},{s[2]:.6f},{s[3]:.6f} {b}")
EOF
)
load_env() { # load_env NAME: the FQ_* settings of a load
  case $1 in
    household) echo "FQ_MODE=household" ;;
    point) echo "FQ_MODE=point FQ_LAT=$g4lat FQ_LON=$g4lon" ;;
    random) echo "FQ_MODE=random FQ_BOX=$box" ;;
    building) echo "FQ_MODE=building FQ_BUILDING=$bld" ;;
  esac
}
load_user() { [ "$1" = household ] && echo resident1 || echo dispatcher; }

# ---- a. durable intake ------------------------------------------------------------------

echo "## Intake on the demo street ($(sqlite3 "$demo" 'SELECT count(*) FROM requests') requests of history; $threads cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
raw=()
for _ in $(seq "$rounds"); do raw+=("$("$dir/bench_commit" --raw "$work" "$secs")"); done
echo "Baseline: the raw loop of one SQLite row per transaction, one fsync each, in the same"
echo "directory: $(python3 -c 'import statistics,sys; r=[float(x) for x in sys.argv[1:]]; print("%.0f rows/s (rounds %s)" % (statistics.median(r), " ".join("%.0f" % x for x in r)))' "${raw[@]}")."
echo
echo "| load (wrk -t2 -c64, ${secs}s, fresh copy each round) | server | requests/s (median) | rounds | CPU µs per accepted request | p50 / p99 ms | not 201 |"
echo "|---|---|---:|---|---:|---|---:|"
intake_rows() { # intake_rows DB-LABEL SOURCE ROUNDS
  local label=$1 src=$2 rounds=$3
  for load in household point random; do
    local g_runs=() o_runs=()
    for _ in $(seq "$rounds"); do
      rm -f "$work/a.db"* "$work/b.db"*
      if [ "$src" = demo ]; then fresh "$work/a.db"; fresh "$work/b.db"; else
        sqlite3 "$src" ".backup '$work/a.db'"; cp "$work/a.db" "$work/b.db"; fi
      serve "$work/a.db"
      local gport=$port gpid=$pid tok hh
      tok=$(token "$gport" "$(load_user $load)")
      hh=$(curl -sf -H "Authorization: Bearer $(token "$gport" resident1)" "http://127.0.0.1:$gport/api/v1/me" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["household"]["id"])')
      g_runs+=("$(export $(load_env $load) FQ_TOKEN="$tok" FQ_HOUSEHOLD="$hh"; post "$gport" "$gpid" -d"${secs}s")")
      stop "$gpid"
      serve "$work/b.db" --batch-max 1
      local oport=$port opid=$pid
      tok=$(token "$oport" "$(load_user $load)")
      o_runs+=("$(export $(load_env $load) FQ_TOKEN="$tok" FQ_HOUSEHOLD="$hh"; post "$oport" "$opid" -d"${secs}s")")
      stop "$opid"
    done
    python3 - "$label" "$load" "$rounds" "${raw[*]}" "${g_runs[@]}" "${o_runs[@]}" <<'EOF'
import statistics, sys
label, load, rounds, raw = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = [r.split() for r in sys.argv[5:]]
g, o = runs[:rounds], runs[rounds:]
raw = statistics.median(float(x) for x in raw.split())
name = {"household": "resident1, own household", "point": "dispatcher, hotline, one point in grid 4",
        "random": "dispatcher, hotline, random points of the street"}[load]
def row(server, rs):
    rate = [float(r[0]) for r in rs]
    med = sorted(rs, key=lambda r: float(r[0]))[len(rs) // 2]
    print(f"| {name} ({label}) | {server} | {statistics.median(rate):.0f} | "
          f"{' '.join(f'{x:.0f}' for x in rate)} | {med[2]} | {med[3]} / {med[4]} | {sum(int(r[5]) for r in rs)} |")
row("`--batch-max 1`", o)
row("group commit (default)", g)
gr = statistics.median(float(r[0]) for r in g)
orr = statistics.median(float(r[0]) for r in o)
print(f"| {name} ({label}) | ratios | {gr / raw:.2f}x the raw loop; {gr / orr:.2f}x `--batch-max 1` | | | | |")
EOF
  done
}
intake_rows "the demo street" demo "$rounds"
if [ -n "${BIG_DB:-}" ] && [ -s "$BIG_DB" ]; then
  intake_rows "$(sqlite3 "$BIG_DB" 'SELECT count(*) FROM requests') requests" "$BIG_DB" "${BIG_ROUNDS:-1}"
fi
echo
echo "Goal: group commit at least the raw loop, or at most 250 µs of server CPU per accepted request."
echo

# ---- b. report storms -------------------------------------------------------------------

echo "## Report storms: $storm reports about one place on the demo street (64 connections, bench/storm.py)"
echo
echo "| storm | first 1,000: requests/s | last 1,000: requests/s | last / first | server CPU µs per request | not 201 | duplicates in the last answer |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for load in point household building; do
  fresh "$work/s.db"
  serve "$work/s.db"
  sport=$port spid=$pid
  tok=$(token "$sport" "$(load_user $load)")
  case $load in
    point) where="$g4lat,$g4lon" ;;
    household) where=$(curl -sf -H "Authorization: Bearer $tok" "http://127.0.0.1:$sport/api/v1/me" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["household"]["id"])') ;;
    building) where=$bld ;;
  esac
  c0=$(cpu_ticks "$spid")
  read -r first last bad dups < <(python3 "$here/storm.py" "$sport" "$tok" "$load" "$where" "$storm")
  c1=$(cpu_ticks "$spid")
  stop "$spid"
  name=$(case $load in point) echo "hotline at one point of grid 4" ;; household) echo "resident1's household" ;;
    building) echo "hotline about one building" ;; esac)
  python3 -c 'import sys; f, l = float(sys.argv[2]), float(sys.argv[3]); c = (int(sys.argv[7]) - int(sys.argv[6])) / int(sys.argv[8]) * 1e6 / int(sys.argv[9]); print(f"| {sys.argv[1]} | {f:.0f} | {l:.0f} | {l / f:.2f} | {c:.0f} | {sys.argv[4]} | {sys.argv[5]} |")' \
    "$name" "$first" "$last" "$bad" "$dups" "$c0" "$c1" "$hz" "$storm"
done
echo
echo "Goal: the last thousand within 20% of the first (last / first >= 0.80)."
echo

# ---- c. reads ----------------------------------------------------------------------------

fresh "$work/r.db"
serve "$work/r.db"
rport=$port rpid=$pid
atok=$(token "$rport" dispatcher)
rid=$(curl -sf -H "Authorization: Bearer $atok" "http://127.0.0.1:$rport/api/v1/requests?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
hport=$(free_port)
"$dir/bench_hello" "$hport" "$threads" &
pids+=("$!")
wait_up "$hport" /
get() { # get PORT PATH [token]: requests/s of one wrk run
  local h=()
  [ -n "${3:-}" ] && h=(-H "Authorization: Bearer $3")
  wrk -t2 -c64 -d"${secs}s" "${h[@]}" "http://127.0.0.1:$1$2" | awk '/Requests\/sec/ {print $2}'
}
hs=() me=() li=() de=()
for _ in $(seq "$rounds"); do
  hs+=("$(get "$hport" /)")
  me+=("$(get "$rport" /api/v1/me "$atok")")
  li+=("$(get "$rport" /api/v1/requests "$atok")")
  de+=("$(get "$rport" "/api/v1/requests/$rid" "$atok")")
done
stop "$rpid"
echo "## Reads on the demo street (wrk -t2 -c64, ${secs}s x $rounds alternating rounds, $threads worker threads, access log on)"
echo
python3 - "${hs[*]}" "${me[*]}" "${li[*]}" "${de[*]}" <<'EOF'
import statistics, sys
h, me, li, de = ([float(x) for x in a.split()] for a in sys.argv[1:5])
print("| server | requests/s (median) | rounds | ratio to hello-world (median of rounds) |")
print("|---|---:|---|---:|")
print(f"| baseline: hello-world libmicrohttpd (epoll, thread pool, MHD_USE_TURBO) | {statistics.median(h):.0f} | {' '.join(f'{x:.0f}' for x in h)} | 1 |")
for name, xs in (("GET /api/v1/me (dispatcher)", me), ("GET /api/v1/requests, the first page (dispatcher)", li),
                 ("GET /api/v1/requests/{id} (dispatcher)", de)):
    r = statistics.median(b / a for a, b in zip(h, xs))
    print(f"| {name} | {statistics.median(xs):.0f} | {' '.join(f'{x:.0f}' for x in xs)} | {r:.2f} |")
EOF
echo
echo "Goal: GET /api/v1/me at least 0.5 of the hello-world."
echo

# ---- d. the demo year ----------------------------------------------------------------------

"$bin" demo --db "$work/year.db" >"$work/year.log" 2>&1 &
ypid=$!
pids+=("$ypid")
wait "$ypid"
echo "## The demo year (\`fengqiao demo\`, $threads cores)"
echo
python3 - "$work/year.log" <<'EOF'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"history \S+ \.\. \S+: (\d+) requests .*; ([\d.]+) s \((\d+) requests/s\)", t)
months = re.findall(r"^  (\S+): (\d+) requests, .*; ([\d.]+) s$", t, re.M)
print("| history | requests | seconds | requests/s |")
print("|---|---:|---:|---:|")
print(f"| the year played | {m.group(1)} | {m.group(2)} | {m.group(3)} |")
if len(months) > 1:
    (d0, n0, s0), (d1, n1, s1) = months[0], months[-1]
    (_, nb, sb) = months[-2]
    print(f"| its first month (to {d0}) | {n0} | {s0} | {int(n0) / float(s0):.0f} |")
    print(f"| its last month seen (to {d1}) | {int(n1) - int(nb)} | {float(s1) - float(sb):.1f} | {(int(n1) - int(nb)) / (float(s1) - float(sb)):.0f} |")
EOF
echo
echo "Goal: at least 2,000 requests/s."
