#!/usr/bin/env bash
# Copy the web UI's third-party files from node_modules (installed by npm ci
# from package-lock.json) into web/vendor/, where the server serves them.
# web/vendor/ is generated: not in git.
set -euo pipefail
cd "$(dirname "$0")/.."
v=web/vendor
mkdir -p "$v/leaflet/images" "$v/echarts"
copy() { cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
copy node_modules/leaflet/dist/leaflet.js "$v/leaflet/leaflet.js"
copy node_modules/leaflet/dist/leaflet.css "$v/leaflet/leaflet.css"
for f in node_modules/leaflet/dist/images/*.png; do copy "$f" "$v/leaflet/images/$(basename "$f")"; done
copy node_modules/echarts/dist/echarts.min.js "$v/echarts/echarts.min.js"
