// Loads a TF.js graph model from its model.json and weight files with TensorFlow.js's own loader (tf.io.fromMemory),
// as the scripts here need it. Test and build time only.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function loadGraph(modelJson) {
  const artifacts = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const specs = [];
  const buffers = [];
  for (const group of artifacts.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(path.dirname(modelJson), p)));
  }
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: artifacts.modelTopology, weightSpecs: specs, weightData: new Uint8Array(Buffer.concat(buffers)).buffer,
    format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
    signature: artifacts.signature,
  }));
}

module.exports = { loadGraph };
