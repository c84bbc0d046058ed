#!/usr/bin/env bash
# Makes videos/ped2_testNN.mp4 (NN = 01 .. 10) for the annotations in this folder from UCSD Ped2's test frames
# (360x240 grey, 10 fps) with the FFmpeg that ships in the Sparsight jar, as samples/make-ped2-sample.sh does.
#   samples/real-grounding/make-videos.sh [PED2_ROOT]   (default: ../shared/data/ucsd-ped2 next to this checkout)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-$here/../../../shared/data/ucsd-ped2}"
mkdir -p "$here/videos"
for n in 01 02 03 04 05 06 07 08 09 10; do
  frames="$root/testing/frames/$n"
  [ -f "$frames/000.jpg" ] || { echo "No UCSD Ped2 frames at $frames; pass the dataset root as the first argument." >&2; exit 1; }
  "$here/../../sparsight" ffmpeg -hide_banner -loglevel error -y \
    -framerate 10 -start_number 0 -i "$frames/%03d.jpg" \
    -c:v libopenh264 -b:v 600k -pix_fmt yuv420p -g 20 "$here/videos/ped2_test$n.mp4"
done
ls "$here/videos"
