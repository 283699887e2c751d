#!/usr/bin/env bash
# Install what the build and the tests need and the machine lacks, with
# apt-get (Debian packages) and npm (the web UI's libraries, pinned by
# package-lock.json). Does nothing when everything is present, so `make run`
# and `make test` can call it every time. `deps.sh test` adds Chromium for
# the browser tests; `deps.sh fuzz` adds clang and the libFuzzer runtime
# for `make fuzz` (the corpus replay of `make test` needs neither).
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3 curl sqlite3
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  libxlsxwriter-dev libcmocka-dev libgd-dev libcurl4-openssl-dev zlib1g-dev libqrencode-dev
)
# Node.js and npm from Debian only when the machine has none of its own
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
if [ "${1:-}" = test ]; then
  packages+=(chromium fonts-noto-cjk fonts-noto-color-emoji)
fi
if [ "${1:-}" = fuzz ]; then
  # Debian 12: clang 14; libFuzzer and the sanitizer runtimes are in
  # libclang-rt-14-dev, llvm-symbolizer (readable stack traces) in llvm
  packages+=(clang libclang-rt-14-dev llvm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

install_apt() {
  echo "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ ${#missing[@]} -gt 0 ]; then
  install_apt
fi

# the web UI's libraries: node_modules from the lockfile, copied into web/vendor
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing the web UI's npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
scripts/web.sh
