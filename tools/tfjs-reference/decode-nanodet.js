// Runs the NanoDet graph in TensorFlow.js on one frame and decodes its outputs the way upstream NanoDet does
// (RangiLyu/nanodet, GFL head: sigmoid class scores, each box side the expected bin of a softmax over its bins times
// the stride, from the cell's centre; the 1,000 best cells of a level; every class of a cell that reaches the score;
// non-maximum suppression per class at IoU 0.6 with TF.js's own tf.image.nonMaxSuppression; the 100 best), with the
// input prepared as the model was trained (BGR, mean and std of upstream's config). The boxes it writes are what
// DetectionModel must find on the same frame (DetectionModelTest).
//
//   node decode-nanodet.js MODEL_JSON INPUT_RGB_GZ SIZE MIN_SCORE OUT_JSON
//
// INPUT_RGB_GZ: gzipped bytes, SIZE x SIZE x 3 (RGB, row by row): the frame at the model's input size.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const tf = require('@tensorflow/tfjs');
const { loadGraph } = require('./graph-files');

const MEAN_BGR = [103.53, 116.28, 123.675];
const STD_BGR = [57.375, 57.12, 58.395];
const STRIDES = [8, 16, 32];
const CLASSES = 80;

async function main() {
  const [modelJson, inputFile, sizeText, minScoreText, outJson] = process.argv.slice(2);
  const size = Number(sizeText);
  const minScore = Number(minScoreText);
  await tf.setBackend('cpu');
  const model = await loadGraph(modelJson);

  const rgb = zlib.gunzipSync(fs.readFileSync(inputFile));
  const plane = size * size;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) { // BGR planes
      input[c * plane + i] = (rgb[i * 3 + 2 - c] - MEAN_BGR[c]) / STD_BGR[c];
    }
  }
  const outputs = await model.executeAsync(tf.tensor(input, [1, 3, size, size]), model.outputs.map((o) => o.name));

  const candidates = [];
  for (const stride of STRIDES) {
    const grid = size / stride;
    const cells = grid * grid;
    const scoresT = outputs.find((t) => t.shape[1] === cells && t.shape[2] === CLASSES);
    const distT = outputs.find((t) => t.shape[1] === cells && t.shape[2] !== CLASSES);
    const bins = distT.shape[2] / 4;
    const scores = await scoresT.reshape([cells, CLASSES]).array();
    const project = tf.range(0, bins, 1, 'float32');
    const sides = await tf.tidy(() => tf.softmax(distT.reshape([cells, 4, bins]), -1).mul(project).sum(-1).mul(stride))
      .array();
    let kept = [];
    for (let cell = 0; cell < cells; cell++) {
      const best = Math.max(...scores[cell]);
      if (best >= minScore) kept.push({ cell, best });
    }
    kept.sort((a, b) => b.best - a.best);
    kept = kept.slice(0, 1000);
    const clamp = (v) => Math.max(0, Math.min(v, size));
    for (const { cell } of kept) {
      const cx = (cell % grid + 0.5) * stride;
      const cy = (Math.floor(cell / grid) + 0.5) * stride;
      const [l, t, r, b] = sides[cell];
      for (let c = 0; c < CLASSES; c++) {
        if (scores[cell][c] >= minScore) {
          candidates.push({ classId: c, score: scores[cell][c],
            box: [clamp(cx - l), clamp(cy - t), clamp(cx + r), clamp(cy + b)] });
        }
      }
    }
  }
  let detections = [];
  for (let c = 0; c < CLASSES; c++) {
    const own = candidates.filter((d) => d.classId === c);
    if (own.length === 0) continue;
    const keep = await tf.image.nonMaxSuppressionAsync(own.map((d) => [d.box[1], d.box[0], d.box[3], d.box[2]]),
      own.map((d) => d.score), 100, 0.6, minScore);
    for (const k of await keep.data()) detections.push(own[k]);
  }
  detections.sort((a, b) => b.score - a.score);
  detections = detections.slice(0, 100);
  fs.writeFileSync(outJson, JSON.stringify({ model: path.basename(modelJson), tfjs: tf.version.tfjs, size, minScore,
    detections }, null, 1) + '\n');
  console.log(`${detections.length} detections of at least ${minScore}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
