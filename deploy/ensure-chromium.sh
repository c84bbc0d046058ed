#!/usr/bin/env bash
# Makes sure a headless Chromium is on the PATH, installing Debian's when this user can.
#
# Why: the web view's browser test (UiCommandITCase) loads ./sparsight ui's page in a real browser, checks that a
# camera and its events appear live and that a clip plays, and takes screenshots. Only the tests need it: the view
# itself is served by the JVM and opened in whatever browser its user has. The pipelines module's build runs this
# script before its integration tests, and .ci/run before the build: as root with apt-get it installs Debian's
# chromium and says so in one line; otherwise it says which command installs it and exits 1. Nothing happens when
# chromium, chromium-browser or google-chrome is already there.
#   deploy/ensure-chromium.sh [WHO]     WHO prefixes the messages (default: sparsight)
set -euo pipefail
who="${1:-sparsight}"

has_chromium() {
  for name in chromium chromium-browser google-chrome; do
    command -v "$name" >/dev/null && return 0
  done
  return 1
}

has_chromium && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "$who: installing chromium with apt-get (the web view's browser test loads the page in it)" >&2
  log="$(mktemp)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
      >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$who: apt-get could not install chromium (above); install it and run again" >&2
    exit 1
  fi
  rm -f "$log"
  has_chromium && exit 0
  echo "$who: chromium is installed but not on the PATH" >&2
  exit 1
fi

echo "$who: no Chromium on the PATH. The web view's browser test (UiCommandITCase) needs one. Install it" >&2
echo "  (Debian: sudo apt-get install chromium; Ubuntu: sudo snap install chromium; Fedora: sudo dnf install" >&2
echo "  chromium) and run again." >&2
exit 1
