#!/usr/bin/env bash
# Makes the video diffusion model that ships in the jar (models/src/main/resources/models/diffusion-ped2) from UCSD
# Ped2 training/ (normal footage only): trains the dense DiT (about 45 minutes on 2 cores; run it again to resume
# from its checkpoints), searches its sparse attention plan, measures its normal PSNR with that plan, then evaluates
# it on testing/ and records the scores in its model.json. Usage: samples/train-diffusion-ped2.sh [PED2_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here" # paths relative to the repository, so that model.json records commands anyone can rerun
data="${1:-../shared/data/ucsd-ped2}"
out="models/src/main/resources/models/diffusion-ped2"
jar_copy="$(mktemp -d)/sparsight.jar"

# Run a copy of the jar, so that rebuilding while it trains cannot pull the jar out from under it.
./sparsight --version >/dev/null
cp pipelines/target/sparsight.jar "$jar_copy"
export SPARSIGHT_JAR="$jar_copy"

./sparsight train diffusion --frames "$data/training/frames" --out "$out" \
  --work "${TMPDIR:-/tmp}/diffusion-ped2-work" --name diffusion-ped2 --epochs 3 --seed 42 --size 96x64 --patch 8 \
  --past 8 --predict 2 --batch 8 --learning-rate 0.001 --deterministic --residual-scale 0.1 --network-output targets
./sparsight diffusion search --model "$out" --calib "$data/training/frames"
# Predictions in 1 sampler step (the network's estimate of the mean next frames): the count with the best normal
# PSNR on the training footage (calibrate with --prediction-steps 1/2: 39.13/38.94 dB, session 24); repair and bench
# keep all 4.
# Every frame scored by a prediction one frame ahead: the stride whose whole-frame score found the pseudo-anomalies
# of the training footage best (--score-stride 1/2: micro AUC 96.25/94.82 for the session-23 model).
./sparsight calibrate diffusion --model "$out" --frames "$data/training/frames" --prediction-steps 1 --score-stride 1
./sparsight bench diffusion --model "$out" --calib "$data/training/frames" --json
./sparsight eval diffusion --root "$data" --model "$out" --record --json
