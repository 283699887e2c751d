#!/usr/bin/env bash
# Install what the build and the tests need and the machine lacks, with
# apt-get (Debian packages). Does nothing when everything is present, so
# `make run` and `make test` can call it every time.
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3 curl sqlite3
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  libxlsxwriter-dev libcmocka-dev libgd-dev libcurl4-openssl-dev zlib1g-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
