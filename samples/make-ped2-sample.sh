#!/usr/bin/env bash
# Makes samples/ped2-test04.mp4 from UCSD Ped2 test video 04 (180 frames, 360x240; a cyclist crosses the
# walkway from frame 31) with the FFmpeg that ships in the Sparsight jar: H.264 (libopenh264) at 10 fps.
#   samples/make-ped2-sample.sh [PED2_ROOT]    (default: ../shared/data/ucsd-ped2 next to this checkout)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-$here/../../shared/data/ucsd-ped2}"
frames="$root/testing/frames/04"
[ -f "$frames/000.jpg" ] || { echo "No UCSD Ped2 frames at $frames; pass the dataset root as the first argument." >&2; exit 1; }
"$here/../sparsight" ffmpeg -hide_banner -loglevel error -y \
  -framerate 10 -start_number 0 -i "$frames/%03d.jpg" \
  -c:v libopenh264 -b:v 600k -pix_fmt yuv420p -g 20 \
  -metadata title="UCSD Ped2 test video 04" \
  -metadata comment="UCSD Anomaly Detection Dataset (Mahadevan et al., CVPR 2010); see samples/README.md" \
  "$here/ped2-test04.mp4"
ls -l "$here/ped2-test04.mp4"
