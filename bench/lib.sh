# bench/lib.sh - what the benchmark scripts share, sourced by each: a free
# port on 127.0.0.1, waiting for a server to answer, stopping it, and a
# demo account's bearer token. Every address is 127.0.0.1.

# free_port: a TCP port nothing listens on now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_up PORT [PATH]: until PATH (default /healthz) answers 2xx, at most 30 s; 1 if never.
wait_up() { for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1${2:-/healthz}" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }

# stop PID: end a server this script started and reap it.
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

# token PORT USER: a bearer token of a demo account (password fengqiao-demo).
token() {
  curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"fengqiao-demo\"}" \
    "http://127.0.0.1:$1/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
