#!/usr/bin/env bash
# Prints the path of a Chromium for the e2e tests: $CHROMIUM_PATH when set,
# else the system's; installs Debian's chromium with apt when missing and root.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2; exit 1; }
  echo "$CHROMIUM_PATH"; exit 0
fi
for c in chromium chromium-browser google-chrome; do
  if p=$(command -v "$c" 2>/dev/null); then echo "$p"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the e2e tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq chromium >&2
  command -v chromium; exit 0
fi
echo "No Chromium found: install one, or set CHROMIUM_PATH to its executable." >&2
exit 1
