#!/usr/bin/env bash
# Trains the track-grounding model that ships in the jar (models/src/main/resources/models/tracks-synthetic):
# simulates the track dataset (8000 videos, seed 42), trains on its train split (validating on val after every
# epoch) and evaluates on test and paraphrase, recording the scores in model.json. About 45 minutes on 2 cores.
# Usage: samples/train-tracks-synthetic.sh [DATA_DIR]   (default: $TMPDIR/tracks-synthetic-crowd; a folder made by
# an older simulator, without busy scenes or poseless videos, gives another model)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-${TMPDIR:-/tmp}/tracks-synthetic-crowd}"
out="$here/models/src/main/resources/models/tracks-synthetic"
jar_copy="$(mktemp -d)/sparsight.jar"

# Run a copy of the jar, so that rebuilding while it trains cannot pull the jar out from under it.
"$here/sparsight" --version >/dev/null
cp "$here/pipelines/target/sparsight.jar" "$jar_copy"
export SPARSIGHT_JAR="$jar_copy"
export SPARSIGHT_HEAP="${SPARSIGHT_HEAP:-6g}"

if [ ! -f "$data/train/annotations.txt" ]; then
  "$here/sparsight" synth tracks --out "$data" --videos 8000 --seed 42
fi
"$here/sparsight" train grounding --kind tracks --data "$data" --format synthetic --out "$out" \
  --work "${TMPDIR:-/tmp}/tracks-synthetic-work" --name tracks-synthetic --epochs 22 --seed 42
"$here/sparsight" eval grounding --data "$data" --model "$out" --split test --json
"$here/sparsight" eval grounding --data "$data" --model "$out" --split paraphrase --json
