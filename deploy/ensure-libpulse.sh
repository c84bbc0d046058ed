#!/usr/bin/env bash
# Makes sure libpulse.so.0 (PulseAudio's client library) can be loaded, installing it when this user can.
#
# Why: JavaCV's FFmpegFrameGrabber loads FFmpeg's device library (avdevice) for every video it opens, and the
# bundled libavdevice links libpulse.so.0. Without it every decode fails with an UnsatisfiedLinkError. A fresh
# Debian or Ubuntu machine lacks it, so ./sparsight, the Maven build (before its tests) and .ci/run run this
# script: as root with apt-get it installs Debian's libpulse0 and says so in one line; otherwise it says which
# command installs it and exits 1. Nothing happens when the library is already there.
#   deploy/ensure-libpulse.sh [WHO]     WHO prefixes the messages (default: sparsight)
set -euo pipefail
who="${1:-sparsight}"

shared_libraries() { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; }
# grep reads the whole list (no -q): with pipefail, grep -q quitting early made ldconfig die of SIGPIPE now and then,
# and the check then said libpulse was missing when it was not
has_libpulse() { shared_libraries | grep 'libpulse\.so\.0' >/dev/null; }

has_libpulse && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "$who: installing libpulse0 with apt-get (FFmpeg's device library, which JavaCV loads, links libpulse.so.0)" >&2
  log="$(mktemp)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpulse0; } \
      >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$who: apt-get could not install libpulse0 (above); install it and run again" >&2
    exit 1
  fi
  rm -f "$log"
  has_libpulse && exit 0
  echo "$who: libpulse0 is installed but libpulse.so.0 is still not in ldconfig's cache" >&2
  exit 1
fi

echo "$who: libpulse.so.0 is missing. FFmpeg's device library links it and JavaCV loads that library for every" >&2
echo "  video it opens. Install it (Debian/Ubuntu: sudo apt-get install libpulse0; Fedora: sudo dnf install" >&2
echo "  pulseaudio-libs) and run again." >&2
exit 1
