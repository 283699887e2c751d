#!/usr/bin/env bash
# Benchmarks (not part of `make test`): each compares Fengqiao against a
# baseline measured in the same run on the same machine, and prints
# Markdown tables. Everything talks only to 127.0.0.1 and stops by itself.
#
#   bench/run.sh [build/fengqiao]        (or: make bench)
#   SECONDS_PER_RUN=10 bench/run.sh      longer runs
set -euo pipefail
bin=${1:-build/fengqiao}
dir=$(dirname "$bin")
secs=${SECONDS_PER_RUN:-5}
out=bench/out
mkdir -p "$out"
work=$(mktemp -d "$PWD/$out/run.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "installing wrk"; ${SUDO:-} apt-get install -y -qq wrk >/dev/null; }

. "$(dirname "$0")/lib.sh"
rps() { awk '/Requests\/sec/ {print $2}'; }
threads=$(nproc)

echo "## Durable writes: group commit against one fsync per transaction"
echo
"$dir/bench_commit" "$work" "$secs" 64
echo

echo "## HTTP: authenticated GET /api/v1/me against a hello-world libmicrohttpd server"
echo
db="$work/me.db"
"$bin" init --db "$db" >/dev/null
echo "bench-password-1" | "$bin" user add --db "$db" --username bench --role admin >/dev/null
p1=$(free_port)
"$bin" serve --db "$db" --port "$p1" --threads "$threads" --access-log "$work/access.log" 2>"$work/serve.log" &
wait_up "$p1" /healthz
token=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-1"}' "http://127.0.0.1:$p1/api/v1/session" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
p2=$(free_port)
"$dir/bench_hello" "$p2" "$threads" &
wait_up "$p2" /
# three rounds, alternating, so that a busy moment of the machine hits both
rounds=${ROUNDS:-3}
hs=() ms=()
for i in $(seq "$rounds"); do
  hs+=("$(wrk -t2 -c64 -d"${secs}s" "http://127.0.0.1:$p2/" | rps)")
  ms+=("$(wrk -t2 -c64 -d"${secs}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$p1/api/v1/me" | rps)")
done
echo "| server (wrk -t2 -c64, ${secs}s x $rounds rounds, $threads worker threads) | requests/s (median) | rounds |"
echo "|---|---:|---|"
python3 - "${hs[*]}" "${ms[*]}" <<'PY'
import statistics, sys
h = [float(x) for x in sys.argv[1].split()]
m = [float(x) for x in sys.argv[2].split()]
print(f"| baseline: hello-world libmicrohttpd | {statistics.median(h):.0f} | {' '.join(f'{x:.0f}' for x in h)} |")
print(f"| fengqiao GET /api/v1/me (bearer token, session lookup, JSON, access log) | {statistics.median(m):.0f} | {' '.join(f'{x:.0f}' for x in m)} |")
ratios = [b / a for a, b in zip(h, m)]
print(f"| ratio (median of rounds) | {statistics.median(ratios):.2f} (target >= 0.5) | {' '.join(f'{x:.2f}' for x in ratios)} |")
PY

# intake, storms, reads and the demo year on the database users get
"$(dirname "$0")/intake.sh" "$bin"
