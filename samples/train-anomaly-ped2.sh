#!/usr/bin/env bash
# Trains the anomaly model that ships in the jar (models/src/main/resources/models/anomaly-ped2) on UCSD Ped2
# training/ (normal footage only), then evaluates it on testing/ and records the scores in its model.json.
# About 20 minutes of training on 2 cores. Usage: samples/train-anomaly-ped2.sh [PED2_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$here/../shared/data/ucsd-ped2}"
out="$here/models/src/main/resources/models/anomaly-ped2"
jar_copy="$(mktemp -d)/sparsight.jar"

# Run a copy of the jar, so that rebuilding while it trains cannot pull the jar out from under it.
"$here/sparsight" --version >/dev/null
cp "$here/pipelines/target/sparsight.jar" "$jar_copy"
export SPARSIGHT_JAR="$jar_copy"

"$here/sparsight" train anomaly --frames "$data/training/frames" --out "$out" --work "${TMPDIR:-/tmp}/anomaly-ped2-work" \
  --name anomaly-ped2 --epochs 24 --seed 42
"$here/sparsight" eval anomaly --root "$data" --model "$out" --record --json
