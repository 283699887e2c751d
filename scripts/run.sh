#!/usr/bin/env bash
# `make run`: create the database with the demo street if there is none,
# then serve on http://127.0.0.1:8080 (settings: see README.md) with the
# living demo on: a step every FENGQIAO_DEMO_LIVE seconds (300 unless set;
# 0 turns it off; docs/demo-history.md).
set -euo pipefail
bin=$1
db=$2
if [ ! -f "$db" ]; then
  echo "no database at $db: building the demo street (takes a minute)"
  mkdir -p "$(dirname "$db")"
  if "$bin" help | grep -q '^  demo'; then
    # the year of history runs on until now, so that today's figures, the
    # last 30 days and this week describe the street as it is now
    "$bin" demo --db "$db" --until now
  else
    "$bin" init --db "$db"
  fi
fi
export FENGQIAO_DEMO_LIVE=${FENGQIAO_DEMO_LIVE:-300}
exec "$bin" serve --db "$db"
