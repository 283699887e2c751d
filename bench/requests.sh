#!/usr/bin/env bash
# Benchmarks of the requests module (not part of `make test`), at SIZE
# requests of demo history, each against a baseline measured in the same run
# on the same machine, printed as Markdown tables (docs/benchmarks.md has the
# figures of a run and what they mean):
#
#   a. building the history: `fengqiao demo --requests PLAYED` (a year
#      played through the domain code, PLAYED = min(SIZE, 100000) by
#      default), grown to SIZE by bench/replicate.py (SIZE / PLAYED copies),
#      against a 20,000-request history through reqsvc_plan_create
#      (BASELINE_REQUESTS);
#   b. durable intake over HTTP: POST /api/v1/requests from 64 connections,
#      group commit against the same server with --batch-max 1 (one
#      transaction, so one fsync, per request);
#   c. GET /api/v1/stats latency at SIZE, against GET /api/v1/me;
#   d. full-text search GET /api/v1/requests?q= (Chinese, 2 to 6 characters)
#      at SIZE, against the list without q;
#   e. one sweep over 1,000,000 open requests (bench/bench_sweep.sh);
#   f. the server's peak memory (VmHWM) at SIZE, against the same server
#      on an empty history.
#
#   SIZE=1000000 bench/requests.sh [build/fengqiao]
#
# Settings (environment): SIZE (default 1000000); SECONDS_PER_RUN (10);
# ROUNDS (3, alternating runs of b); PLAYED (requests of the played year,
# a divisor of SIZE); INTAKE_AT_SIZE=1 repeats b on two
# copies of the SIZE database; CONNECTIONS (2: as many requests in flight as
# the server has worker threads on this machine, for c and d); DB (the
# history database, built when missing and kept; default
# bench/out/requests-SIZE.db, several GB at a million); SWEEP_OPEN (open
# requests of e, default 1000000; 0 skips it). Needs the non-sanitized
# build (`make build`), wrk and python3. Everything runs on 127.0.0.1; the
# servers it starts are stopped at the end.
set -euo pipefail
bin=${1:-build/fengqiao}
size=${SIZE:-1000000}
secs=${SECONDS_PER_RUN:-10}
rounds=${ROUNDS:-3}
conns=${CONNECTIONS:-2}
sweep_open=${SWEEP_OPEN:-1000000}
base_n=${BASELINE_REQUESTS:-20000}
played=${PLAYED:-$((size < 100000 ? size : 100000))}
[ $((size % played)) = 0 ] || { echo "SIZE must be a multiple of PLAYED" >&2; exit 2; }
out=bench/out
mkdir -p "$out"
db=${DB:-$out/requests-$size.db}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "$PWD/$out/requests.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "installing wrk"; ${SUDO:-} apt-get install -y -qq wrk >/dev/null; }

. "$(dirname "$0")/lib.sh"

# serve DB [flags...]: start a server; sets $port and $pid.
serve() {
  local db=$1
  shift
  port=$(free_port)
  "$bin" serve --db "$db" --port "$port" --access-log "" --sweep-interval-s 0 "$@" \
    >>"$work/serve.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_up "$port"
}


# history DB N [flags...]: build a demo street with N requests of history,
# its output in DB.log.
history() {
  local db=$1 n=$2
  shift 2
  "$bin" demo --db "$db" --requests "$n" "$@" >"$db.log"
}

# "requests seconds rate" from a history's log.
history_figures() {
  python3 - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"history \S+ \.\. \S+: (\d+) requests .*; ([\d.]+) s \((\d+) requests/s\)", text)
print(m.group(1), m.group(2), m.group(3))
EOF
}

# wrk-run SCRIPT PORT CONNECTIONS: "requests/s p50 p95 p99 bad" (ms).
wrk_run() {
  local script=$1 port=$2 c=$3
  local t=$((c < 2 ? 1 : 2))
  wrk -t"$t" -c"$c" -d"${secs}s" --latency -s "$here/$script" "http://127.0.0.1:$port" |
    awk '/Requests\/sec/ {r=$2} /^LATENCY/ {p50=$2; p95=$3; p99=$4} /^STATUS/ {bad=$2}
         END {print r, p50, p95, p99, bad}'
}

threads=$(nproc)

# ---- a. the history ----------------------------------------------------------

if [ ! -s "$db" ]; then
  echo "building $db: $played requests of history, grown to $size (this takes a while)" >&2
  history "$db" "$played"
  if [ "$size" != "$played" ]; then
    t0=$(date +%s)
    python3 "$here/replicate.py" "$db" $((size / played)) >"$db.replicate.log"
    echo "replicated in $(( $(date +%s) - t0 )) s" >>"$db.replicate.log"
  fi
fi
history "$work/base.db" "$base_n"
read -r a_n a_s a_rate < <(history_figures "$db.log")
read -r b_n b_s b_rate < <(history_figures "$work/base.db.log")
rm -f "$work/base.db"*

echo "## Requests: building the history ($threads cores)"
echo
echo "| history (\`fengqiao demo --requests N\`) | requests | seconds | requests/s |"
echo "|---|---:|---:|---:|"
echo "| baseline: a short history of $b_n | $b_n | $b_s | $b_rate |"
echo "| $a_n played | $a_n | $a_s | $a_rate |"
[ -s "$db.replicate.log" ] &&
  echo "| grown to $size by bench/replicate.py ($((size / played)) copies) | $size | $(awk '/replicated in/ {print $3}' "$db.replicate.log") | — |"
echo

# ---- b. durable intake ---------------------------------------------------------

# intake A B LABEL: POST /api/v1/requests on copies A (group commit) and B
# (--batch-max 1) of one database, in alternating rounds; prints the table.
intake() {
  local a=$1 b=$2 label=$3
  serve "$a"
  local gport=$port gpid=$pid
  serve "$b" --batch-max 1
  local oport=$port opid=$pid
  local gtok otok household batch
  gtok=$(token "$gport" resident1)
  otok=$(token "$oport" resident1)
  household=$(curl -sf -H "Authorization: Bearer $gtok" "http://127.0.0.1:$gport/api/v1/me" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["household"]["id"])')
  local g_runs=() o_runs=()
  for _ in $(seq "$rounds"); do
    g_runs+=("$(FQ_TOKEN=$gtok FQ_HOUSEHOLD=$household wrk_run requests_post.lua "$gport" 64)")
    o_runs+=("$(FQ_TOKEN=$otok FQ_HOUSEHOLD=$household wrk_run requests_post.lua "$oport" 64)")
  done
  batch=$(curl -sf "http://127.0.0.1:$gport/metrics" | awk '/^fengqiao_store_commits_total/ {c=$2}
    /^fengqiao_store_transactions_total/ {t=$2} END {printf "%.1f", t / c}')
  intake_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$gpid/status")
  stop "$gpid"
  stop "$opid"

  echo "## Requests: durable intake, POST /api/v1/requests, $label (wrk -t2 -c64, ${secs}s x $rounds rounds)"
  echo
  python3 - "$batch" "${g_runs[@]}" "${o_runs[@]}" <<'EOF2'
import statistics, sys
batch = sys.argv[1]
runs = [r.split() for r in sys.argv[2:]]
half = len(runs) // 2
g, o = runs[:half], runs[half:]
def row(label, rs):
    rate = [float(r[0]) for r in rs]
    med = sorted(rs, key=lambda r: float(r[0]))[len(rs) // 2]
    bad = sum(int(r[4]) for r in rs)
    print(f"| {label} | {statistics.median(rate):.0f} | {' '.join(f'{x:.0f}' for x in rate)} "
          f"| {med[1]} / {med[2]} / {med[3]} | {bad} |")
print("| server | requests/s (median) | rounds | p50 / p95 / p99 ms (median round) | not 201 |")
print("|---|---:|---|---|---:|")
row("baseline: `--batch-max 1` (one transaction, one fsync per request)", o)
row(f"group commit (default; {batch} requests per commit on average)", g)
ratios = [float(a[0]) / float(b[0]) for a, b in zip(g, o)]
print(f"| ratio | {statistics.median(ratios):.2f}x (target >= 4x) | "
      f"{' '.join(f'{x:.2f}' for x in ratios)} | | |")
EOF2
  echo
}

"$bin" demo --db "$work/intake.db" --requests 0 >/dev/null
cp "$work/intake.db" "$work/intake1.db"
intake "$work/intake.db" "$work/intake1.db" "on the demo street without history"
street_intake_hwm=$intake_hwm size_intake_hwm=
rm -f "$work/intake"*.db*
if [ "${INTAKE_AT_SIZE:-0}" = 1 ]; then
  cp "$db" "$work/big.db"
  cp "$db" "$work/big1.db"
  intake "$work/big.db" "$work/big1.db" "on copies of the $size-request history"
  size_intake_hwm=$intake_hwm
  rm -f "$work/big"*.db*
fi

# ---- c, d, f. reads at SIZE ---------------------------------------------------------

read -r from to < <(python3 - "$db" <<'EOF'
import datetime, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
lo, hi = db.execute("SELECT min(created_at), max(created_at) FROM requests").fetchone()
tz = datetime.timezone(datetime.timedelta(hours=8))
day = lambda t: datetime.datetime.fromtimestamp(t, tz).strftime("%Y-%m-%d")
print(day(lo), day(hi))
EOF
)
"$bin" demo --db "$work/empty.db" --requests 0 >/dev/null
serve "$work/empty.db"
empty_hwm_start=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
etok=$(token "$port" admin)
FQ_TOKEN=$etok FQ_PATHS="/api/v1/stats?from=$from&to=$to|/api/v1/requests?q=%E6%A5%BC%E9%81%93%E7%81%AF" \
  wrk_run requests_get.lua "$port" "$conns" >/dev/null
empty_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
stop "$pid"

serve "$db"
spid=$pid sport=$port
start_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$spid/status")
admin=$(token "$sport" admin)
dispatcher=$(token "$sport" dispatcher)
community=$(token "$sport" community1)
stats="/api/v1/stats?from=$from&to=$to"
me=$(FQ_TOKEN=$admin FQ_PATHS="/api/v1/me" wrk_run requests_get.lua "$sport" "$conns")
st_default=$(FQ_TOKEN=$admin FQ_PATHS="/api/v1/stats" wrk_run requests_get.lua "$sport" "$conns")
st_year=$(FQ_TOKEN=$admin FQ_PATHS="$stats" wrk_run requests_get.lua "$sport" "$conns")
st_month=$(FQ_TOKEN=$admin FQ_PATHS="$stats&by=month" wrk_run requests_get.lua "$sport" "$conns")
st_unit=$(FQ_TOKEN=$dispatcher FQ_PATHS="$stats&by=unit" wrk_run requests_get.lua "$sport" "$conns")
st_comm=$(FQ_TOKEN=$community FQ_PATHS="$stats&by=day" wrk_run requests_get.lua "$sport" "$conns")

queries=$(python3 -c 'import urllib.parse as u; print("|".join("/api/v1/requests?q=" + u.quote(q) for q in
  ["楼道灯坏了", "很浓的燃气味", "电梯故障困人", "广场舞", "拖欠工资", "高空抛物", "井盖", "漏水",
   "电动车", "垃圾桶满了", "夜间施工", "宅基地", "小区", "噪音", "宅基", "火星"]))')
list=$(FQ_TOKEN=$admin FQ_PATHS="/api/v1/requests" wrk_run requests_get.lua "$sport" "$conns")
q_admin=$(FQ_TOKEN=$admin FQ_PATHS="$queries" wrk_run requests_get.lua "$sport" "$conns")
q_disp=$(FQ_TOKEN=$dispatcher FQ_PATHS="$queries" wrk_run requests_get.lua "$sport" "$conns")
q_comm=$(FQ_TOKEN=$community FQ_PATHS="$queries" wrk_run requests_get.lua "$sport" "$conns")
size_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$spid/status")
size_rss=$(awk '/VmRSS/ {print $2}' "/proc/$spid/status")
stop "$spid"

line() { read -r r p50 p95 p99 bad <<<"$2"; echo "| $1 | $r | $p50 | $p95 | $p99 | $bad |"; }

echo "## Requests: statistics at $size requests (wrk -c$conns, ${secs}s each, $threads worker threads)"
echo
echo "| GET (caller) | requests/s | p50 ms | p95 ms | p99 ms | not 2xx |"
echo "|---|---:|---:|---:|---:|---:|"
line "baseline: /api/v1/me (admin)" "$me"
line "/api/v1/stats, no parameters: the last 30 days (admin, whole deployment)" "$st_default"
line "/api/v1/stats, the year $from .. $to (admin)" "$st_year"
line "/api/v1/stats, the year by month (admin)" "$st_month"
line "/api/v1/stats, the year by unit: communities ranked (dispatcher)" "$st_unit"
line "/api/v1/stats, the year by day (community1)" "$st_comm"
echo
echo "Target: p99 under 5 ms."
echo
echo "## Requests: full-text search at $size requests (wrk -c$conns, ${secs}s each)"
echo
echo "16 Chinese queries of 2 to 6 characters, in turn: 楼道灯坏了, 很浓的燃气味, 电梯故障困人,"
echo "广场舞, 拖欠工资, 高空抛物, 井盖, 漏水, 电动车, 垃圾桶满了, 夜间施工, 宅基地 (villages only),"
echo "小区 (in most texts), 噪音, 宅基 and 火星 (in few); a page is 50 requests."
echo
echo "| GET /api/v1/requests (caller) | requests/s | p50 ms | p95 ms | p99 ms | not 2xx |"
echo "|---|---:|---:|---:|---:|---:|"
line "baseline: newest first, no q (admin)" "$list"
line "q= (admin, whole deployment)" "$q_admin"
line "q= (dispatcher, the street)" "$q_disp"
line "q= (community1, one community)" "$q_comm"
echo
echo "Target: p95 under 50 ms."
echo
echo "## Requests: server memory (VmHWM, peak resident set)"
echo
echo "| server | at start | after the benchmarks |"
echo "|---|---:|---:|"
echo "| baseline: the demo street without history, after the same kind of load | $((empty_hwm_start / 1024)) MB | $((empty_hwm / 1024)) MB |"
echo "| durable intake server (b), the street without history | — | $((street_intake_hwm / 1024)) MB |"
[ -n "$size_intake_hwm" ] && echo "| durable intake server (b), the $size-request history | — | $((size_intake_hwm / 1024)) MB |"
echo "| $size requests, after c and d | $((start_hwm / 1024)) MB | $((size_hwm / 1024)) MB (VmRSS $((size_rss / 1024)) MB) |"
echo
echo "Target: under 200 MB."
echo

# ---- e. the sweep --------------------------------------------------------------------

if [ "$sweep_open" -gt 0 ]; then
  "$here/bench_sweep.sh" "$bin" "$sweep_open"
fi
