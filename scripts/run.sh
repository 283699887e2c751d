#!/usr/bin/env bash
# `make run`: create the database with the demo street if there is none,
# then serve on http://127.0.0.1:8080 (settings: see README.md).
set -euo pipefail
bin=$1
db=$2
if [ ! -f "$db" ]; then
  echo "no database at $db: building the demo street (takes a minute)"
  mkdir -p "$(dirname "$db")"
  if "$bin" help | grep -q '^  demo'; then
    "$bin" demo --db "$db"
  else
    "$bin" init --db "$db"
  fi
fi
exec "$bin" serve --db "$db"
