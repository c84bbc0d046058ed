// Runs a TF.js graph model on one input with TensorFlow.js's CPU backend (pure JavaScript, no native download) and
// writes every output: the reference the Java importer is checked against (models/src/test/.../tfjs).
//
//   node run-graph.js MODEL_JSON INPUT_RGB_GZ HEIGHT WIDTH OUT_DIR [nhwc|nchw] [float32|int32]
//
// INPUT_RGB_GZ: gzipped bytes, HEIGHT x WIDTH x 3 (RGB, row by row); fed as float32 [1, H, W, 3] with values 0..255,
// or transposed to [1, 3, H, W] for a model that takes nchw (NanoDet); int32 for a model that takes integers (MoveNet).
// OUT_DIR gets, per output, NAME.f32.gz (float32 little-endian, gzipped) and outputs.json (names, shapes, dtypes).
// An output of more than 5,000 values is sampled: every `stride`-th value (outputs.json says the stride), so the
// fixtures stay small; its sum is written too.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const tf = require('@tensorflow/tfjs');
const { loadGraph } = require('./graph-files');

async function main() {
  const [modelJson, inputFile, height, width, outDir, layout = 'nhwc', dtype = 'float32'] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const model = await loadGraph(modelJson);
  const rgb = zlib.gunzipSync(fs.readFileSync(inputFile));
  const nhwc = tf.tensor(dtype === 'int32' ? Int32Array.from(rgb) : Float32Array.from(rgb),
    [1, Number(height), Number(width), 3], dtype);
  const input = layout === 'nchw' ? tf.transpose(nhwc, [0, 3, 1, 2]) : nhwc;
  const names = model.outputs.map((o) => o.name);
  const started = Date.now();
  const executed = await model.executeAsync(input, names);
  const results = Array.isArray(executed) ? executed : [executed]; // one output comes back alone
  const seconds = (Date.now() - started) / 1000;
  fs.mkdirSync(outDir, { recursive: true });
  const described = [];
  for (let i = 0; i < names.length; i++) {
    const t = results[i];
    const all = Float32Array.from(await t.data());
    const stride = Math.max(1, Math.floor(all.length / 5000));
    const data = stride === 1 ? all : Float32Array.from({ length: Math.floor(all.length / stride) }, (_, k) => all[k * stride]);
    const file = names[i].replace(/[/:]/g, '_') + '.f32.gz';
    fs.writeFileSync(path.join(outDir, file), zlib.gzipSync(Buffer.from(data.buffer)));
    const sum = all.reduce((a, b) => a + b, 0);
    described.push({ name: names[i], file, shape: t.shape, dtype: t.dtype, stride, sum });
  }
  fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify({ model: path.basename(modelJson),
    tfjs: tf.version.tfjs, backend: tf.getBackend(), seconds, outputs: described }, null, 2) + '\n');
  console.log(`${path.basename(modelJson)}: ${names.length} outputs in ${seconds} s`);
}

main().catch((e) => { console.error(e); process.exit(1); });
