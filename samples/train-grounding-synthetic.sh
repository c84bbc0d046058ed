#!/usr/bin/env bash
# Trains the grounding model that ships in the jar (models/src/main/resources/models/grounding-synthetic): renders
# the synthetic dataset (4000 videos, seed 42), trains on its train split (validating on val after every epoch) and
# evaluates on test and paraphrase, recording the scores in model.json. About an hour on 2 cores.
# Usage: samples/train-grounding-synthetic.sh [DATA_DIR]   (default: $TMPDIR/grounding-synthetic-data)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-${TMPDIR:-/tmp}/grounding-synthetic-data}"
out="$here/models/src/main/resources/models/grounding-synthetic"
jar_copy="$(mktemp -d)/sparsight.jar"

# Run a copy of the jar, so that rebuilding while it trains cannot pull the jar out from under it.
"$here/sparsight" --version >/dev/null
cp "$here/pipelines/target/sparsight.jar" "$jar_copy"
export SPARSIGHT_JAR="$jar_copy"

if [ ! -f "$data/train/annotations.txt" ]; then
  "$here/sparsight" synth grounding --out "$data" --videos 4000 --seed 42
fi
"$here/sparsight" train grounding --data "$data" --format synthetic --out "$out" \
  --work "${TMPDIR:-/tmp}/grounding-synthetic-work" --name grounding-synthetic --epochs 30 --seed 42
"$here/sparsight" eval grounding --data "$data" --model "$out" --split test --json
"$here/sparsight" eval grounding --data "$data" --model "$out" --split paraphrase --json
