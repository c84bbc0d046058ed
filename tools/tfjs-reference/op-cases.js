// Writes one tiny TF.js graph model per op case (model.json and weights.bin, the converter's format) and what
// TensorFlow.js's own graph executor (CPU backend) gives for it (expected.json): the fixtures of TfjsOpCasesTest, which
// runs every case through Sparsight's importer and compares.
//
//   node op-cases.js OUT_DIR
//
// Each graph: a Placeholder "x" (float32), constants, and the op under test "y" (an op with several outputs is read
// through Identity nodes "y0", "y1"). Inputs are fixed pseudo-random numbers (a seeded generator), so the fixtures are
// the same every time.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

let seed = 12345;
function random() { // a linear congruential generator: the same numbers on every machine
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const values = (n, lo = -1, hi = 1) => Array.from({ length: n }, () => Math.round((lo + (hi - lo) * random()) * 1000) / 1000);
const size = (shape) => shape.reduce((a, b) => a * b, 1);
const b64 = (s) => Buffer.from(s).toString('base64');
const ints = (...v) => ({ list: { i: v.map(String) } });
const str = (s) => ({ s: b64(s) });
const type = (t) => ({ type: t });
const DT = { float32: 'DT_FLOAT', int32: 'DT_INT32' };

// A case: the op, its attributes, x's shape, the constants (name, shape, dtype, values) and the op's inputs in order.
const cases = [];
function add(name, op, attr, xShape, consts, inputs, outputs = 1) {
  cases.push({ name, op, attr, xShape, consts, inputs, outputs });
}
const c = (name, shape, dtype, v) => ({ name, shape, dtype, values: v });

add('conv2d-same-stride2', 'Conv2D', { strides: ints(1, 2, 2, 1), padding: str('SAME'), data_format: str('NHWC'),
  dilations: ints(1, 1, 1, 1), T: type('DT_FLOAT') }, [1, 6, 5, 3], [c('w', [3, 3, 3, 4], 'float32', values(108))], ['x', 'w']);
add('conv2d-valid-dilated', 'Conv2D', { strides: ints(1, 1, 1, 1), padding: str('VALID'), data_format: str('NHWC'),
  dilations: ints(1, 2, 2, 1), T: type('DT_FLOAT') }, [1, 7, 7, 2], [c('w', [3, 3, 2, 3], 'float32', values(54))], ['x', 'w']);
add('depthwise-same', 'DepthwiseConv2dNative', { strides: ints(1, 1, 1, 1), padding: str('SAME'),
  data_format: str('NHWC'), dilations: ints(1, 1, 1, 1), T: type('DT_FLOAT') }, [1, 5, 5, 3],
  [c('w', [3, 3, 3, 2], 'float32', values(54))], ['x', 'w']);
add('fused-conv2d-bias-relu', '_FusedConv2D', { strides: ints(1, 1, 1, 1), padding: str('SAME'), data_format: str('NHWC'),
  dilations: ints(1, 1, 1, 1), T: type('DT_FLOAT'), fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
  num_args: { i: '1' }, epsilon: { f: 0 } }, [1, 4, 4, 2],
  [c('w', [1, 1, 2, 3], 'float32', values(6)), c('b', [3], 'float32', values(3))], ['x', 'w', 'b']);
add('fused-depthwise-bias-relu6', 'FusedDepthwiseConv2dNative', { strides: ints(1, 2, 2, 1), padding: str('SAME'),
  data_format: str('NHWC'), dilations: ints(1, 1, 1, 1), T: type('DT_FLOAT'),
  fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } }, num_args: { i: '1' } }, [1, 5, 6, 2],
  [c('w', [3, 3, 2, 1], 'float32', values(18, -3, 3)), c('b', [2], 'float32', values(2))], ['x', 'w', 'b']);
add('maxpool-same-stride2', 'MaxPool', { ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: str('SAME'),
  data_format: str('NHWC'), T: type('DT_FLOAT') }, [1, 6, 5, 2], [], ['x']);
add('pad', 'Pad', { T: type('DT_FLOAT') }, [1, 2, 3, 2], [c('p', [4, 2], 'int32', [0, 0, 1, 2, 0, 1, 0, 0])], ['x', 'p']);
add('padv2-minus-infinity', 'PadV2', { T: type('DT_FLOAT') }, [1, 3, 3, 1],
  [c('p', [4, 2], 'int32', [0, 0, 0, 1, 0, 1, 0, 0]), c('v', [], 'float32', [-1e30])], ['x', 'p', 'v']);
add('mean-axes-keep', 'Mean', { keep_dims: { b: true }, T: type('DT_FLOAT') }, [2, 3, 4],
  [c('a', [2], 'int32', [1, 2])], ['x', 'a']);
add('mean-axis-drop', 'Mean', { keep_dims: { b: false }, T: type('DT_FLOAT') }, [2, 3, 4],
  [c('a', [1], 'int32', [-1])], ['x', 'a']);
add('concat-last', 'ConcatV2', { N: { i: '2' }, T: type('DT_FLOAT') }, [1, 2, 3],
  [c('k', [1, 2, 2], 'float32', values(4)), c('axis', [], 'int32', [-1])], ['x', 'k', 'axis']);
add('reshape-infer', 'Reshape', { T: type('DT_FLOAT') }, [2, 3, 4], [c('s', [3], 'int32', [4, -1, 2])], ['x', 's']);
add('transpose', 'Transpose', { T: type('DT_FLOAT') }, [2, 3, 4], [c('perm', [3], 'int32', [2, 0, 1])], ['x', 'perm']);
add('expand-dims', 'ExpandDims', { T: type('DT_FLOAT') }, [2, 3], [c('d', [], 'int32', [-1])], ['x', 'd']);
add('cast-to-int32', 'Cast', { SrcT: type('DT_FLOAT'), DstT: type('DT_INT32') }, [2, 3], [], ['x']);
add('add-broadcast', 'Add', { T: type('DT_FLOAT') }, [2, 3], [c('k', [3], 'float32', values(3))], ['x', 'k']);
add('addv2', 'AddV2', { T: type('DT_FLOAT') }, [2, 3], [c('k', [2, 3], 'float32', values(6))], ['x', 'k']);
add('sub', 'Sub', { T: type('DT_FLOAT') }, [2, 3], [c('k', [1, 3], 'float32', values(3))], ['x', 'k']);
add('mul', 'Mul', { T: type('DT_FLOAT') }, [2, 3], [c('k', [], 'float32', [-1.5])], ['x', 'k']);
add('relu', 'Relu', { T: type('DT_FLOAT') }, [2, 5], [], ['x']);
add('relu6', 'Relu6', { T: type('DT_FLOAT') }, [2, 5], [], ['x']);
add('leaky-relu', 'LeakyRelu', { alpha: { f: 0.1 }, T: type('DT_FLOAT') }, [2, 5], [], ['x']);
add('sigmoid', 'Sigmoid', { T: type('DT_FLOAT') }, [2, 5], [], ['x']);
add('resize-bilinear-half-pixel', 'ResizeBilinear', { align_corners: { b: false }, half_pixel_centers: { b: true },
  T: type('DT_FLOAT') }, [1, 3, 4, 2], [c('s', [2], 'int32', [5, 7])], ['x', 's']);
add('resize-bilinear-align-corners', 'ResizeBilinear', { align_corners: { b: true }, half_pixel_centers: { b: false },
  T: type('DT_FLOAT') }, [1, 3, 4, 1], [c('s', [2], 'int32', [6, 5])], ['x', 's']);
add('resize-bilinear-legacy', 'ResizeBilinear', { align_corners: { b: false }, half_pixel_centers: { b: false },
  T: type('DT_FLOAT') }, [1, 2, 3, 1], [c('s', [2], 'int32', [4, 6])], ['x', 's']);
add('strided-slice-masks', 'StridedSlice', { begin_mask: { i: '1' }, end_mask: { i: '4' }, ellipsis_mask: { i: '0' },
  new_axis_mask: { i: '0' }, shrink_axis_mask: { i: '0' }, T: type('DT_FLOAT'), Index: type('DT_INT32') }, [3, 4, 5],
  [c('b', [3], 'int32', [2, 1, 1]), c('e', [3], 'int32', [2, 3, 0]), c('s', [3], 'int32', [1, 1, 2])], ['x', 'b', 'e', 's']);
add('strided-slice-shrink', 'StridedSlice', { begin_mask: { i: '0' }, end_mask: { i: '0' }, ellipsis_mask: { i: '0' },
  new_axis_mask: { i: '0' }, shrink_axis_mask: { i: '2' }, T: type('DT_FLOAT'), Index: type('DT_INT32') }, [3, 4, 5],
  [c('b', [3], 'int32', [0, 2, 1]), c('e', [3], 'int32', [3, 3, 4]), c('s', [3], 'int32', [1, 1, 1])], ['x', 'b', 'e', 's']);
add('strided-slice-new-axis', 'StridedSlice', { begin_mask: { i: '1' }, end_mask: { i: '1' }, ellipsis_mask: { i: '0' },
  new_axis_mask: { i: '2' }, shrink_axis_mask: { i: '0' }, T: type('DT_FLOAT'), Index: type('DT_INT32') }, [3, 4],
  [c('b', [3], 'int32', [0, 0, 1]), c('e', [3], 'int32', [0, 0, 3]), c('s', [3], 'int32', [1, 1, 1])], ['x', 'b', 'e', 's']);
add('strided-slice-new-axes-last', 'StridedSlice', { begin_mask: { i: '3' }, end_mask: { i: '3' },
  ellipsis_mask: { i: '0' }, new_axis_mask: { i: '12' }, shrink_axis_mask: { i: '0' }, T: type('DT_FLOAT'),
  Index: type('DT_INT32') }, [2, 3], [c('b', [4], 'int32', [0, 0, 0, 0]), c('e', [4], 'int32', [0, 0, 0, 0]),
  c('s', [4], 'int32', [1, 1, 1, 1])], ['x', 'b', 'e', 's']);
add('gather-axis1', 'GatherV2', { batch_dims: { i: '0' }, Tparams: type('DT_FLOAT'), Tindices: type('DT_INT32') },
  [2, 4, 3], [c('i', [3], 'int32', [3, 0, 3]), c('axis', [], 'int32', [1])], ['x', 'i', 'axis']);
add('topk', 'TopKV2', { sorted: { b: true }, T: type('DT_FLOAT') }, [2, 6], [c('k', [], 'int32', [3])], ['x', 'k'], 2);
add('splitv', 'SplitV', { num_split: { i: '3' }, T: type('DT_FLOAT'), Tlen: type('DT_INT32') }, [2, 7],
  [c('sizes', [3], 'int32', [2, -1, 1]), c('dim', [], 'int32', [1])], ['x', 'sizes', 'dim'], 3);
add('sparse-to-dense', 'SparseToDense', { validate_indices: { b: true }, T: type('DT_FLOAT'), Tindices: type('DT_INT32') },
  [3], [c('idx', [3, 1], 'int32', [0, 2, 5]), c('shape', [1], 'int32', [7]), c('d', [], 'float32', [-0.5])],
  ['idx', 'shape', 'x', 'd']);

// Element-wise ops MoveNet MultiPose also needs (issue 15), and the comparisons feeding Select and LogicalAnd.
add('realdiv', 'RealDiv', { T: type('DT_FLOAT') }, [2, 3], [c('k', [3], 'float32', [0.5, -2, 4])], ['x', 'k']);
add('maximum', 'Maximum', { T: type('DT_FLOAT') }, [2, 3], [c('k', [3], 'float32', values(3))], ['x', 'k']);
add('minimum', 'Minimum', { T: type('DT_FLOAT') }, [2, 3], [c('k', [], 'float32', [0.25])], ['x', 'k']);
add('squared-difference', 'SquaredDifference', { T: type('DT_FLOAT') }, [2, 3], [c('k', [3], 'float32', values(3))],
  ['x', 'k']);
add('floordiv', 'FloorDiv', { T: type('DT_FLOAT') }, [2, 4], [c('k', [], 'float32', [0.3])], ['x', 'k']);
add('floormod', 'FloorMod', { T: type('DT_FLOAT') }, [2, 4], [c('k', [], 'float32', [0.3])], ['x', 'k']);
add('addn', 'AddN', { N: { i: '3' }, T: type('DT_FLOAT') }, [2, 3],
  [c('k1', [2, 3], 'float32', values(6)), c('k2', [2, 3], 'float32', values(6))], ['x', 'k1', 'k2']);
add('abs', 'Abs', { T: type('DT_FLOAT') }, [2, 5], [], ['x']);
add('exp', 'Exp', { T: type('DT_FLOAT') }, [2, 5], [], ['x']);
add('reciprocal', 'Reciprocal', { T: type('DT_FLOAT') }, [2, 5], [c('one', [], 'float32', [1])], ['x']);
for (const op of ['Equal', 'Less', 'Greater', 'GreaterEqual']) {
  add(op.toLowerCase(), op, { T: type('DT_FLOAT') }, [2, 4], [c('k', [4], 'float32', [0.5, -0.25, 0, 1])], ['x', 'k']);
}

// Reductions and shape ops MoveNet MultiPose also needs (issue 15).
add('sum-axes-keep', 'Sum', { keep_dims: { b: true }, T: type('DT_FLOAT'), Tidx: type('DT_INT32') }, [2, 3, 4],
  [c('a', [2], 'int32', [0, 2])], ['x', 'a']);
add('max-axis-drop', 'Max', { keep_dims: { b: false }, T: type('DT_FLOAT'), Tidx: type('DT_INT32') }, [2, 3, 4],
  [c('a', [1], 'int32', [-1])], ['x', 'a']);
add('argmax', 'ArgMax', { T: type('DT_FLOAT'), Tidx: type('DT_INT32'), output_type: type('DT_INT32') }, [3, 5],
  [c('d', [], 'int32', [1])], ['x', 'd']);
add('shape', 'Shape', { T: type('DT_FLOAT'), out_type: type('DT_INT32') }, [2, 3, 4], [], ['x']);
add('size', 'Size', { T: type('DT_FLOAT'), out_type: type('DT_INT32') }, [2, 3], [], ['x']);
add('pack-axis1', 'Pack', { N: { i: '2' }, axis: { i: '1' }, T: type('DT_FLOAT') }, [2, 3],
  [c('k', [2, 3], 'float32', values(6))], ['x', 'k']);
add('unpack', 'Unpack', { num: { i: '3' }, axis: { i: '0' }, T: type('DT_FLOAT') }, [3, 2, 2], [], ['x'], 3);
add('squeeze-dims', 'Squeeze', { squeeze_dims: ints(2), T: type('DT_FLOAT') }, [1, 3, 1, 2], [], ['x']);
add('squeeze-all', 'Squeeze', { squeeze_dims: { list: {} }, T: type('DT_FLOAT') }, [1, 3, 1, 2], [], ['x']);
add('tile', 'Tile', { T: type('DT_FLOAT'), Tmultiples: type('DT_INT32') }, [2, 3],
  [c('m', [2], 'int32', [2, 1])], ['x', 'm']);
add('range', 'Range', { Tidx: type('DT_FLOAT') }, [1],
  [c('start', [], 'float32', [1.5]), c('limit', [], 'float32', [5]), c('delta', [], 'float32', [0.5])],
  ['start', 'limit', 'delta']);
add('fill', 'Fill', { T: type('DT_FLOAT'), index_type: type('DT_INT32') }, [1],
  [c('dims', [2], 'int32', [2, 3]), c('v', [], 'float32', [-1.25])], ['dims', 'v']);
add('split', 'Split', { num_split: { i: '3' }, T: type('DT_FLOAT') }, [2, 6], [c('dim', [], 'int32', [1])],
  ['dim', 'x'], 3);
add('gathernd', 'GatherNd', { Tparams: type('DT_FLOAT'), Tindices: type('DT_INT32') }, [3, 4, 2],
  [c('i', [3, 2], 'int32', [0, 1, 2, 3, 1, 0])], ['x', 'i']);

// Patterns a graph converted from PyTorch through ONNX is made of, which Sparsight's importer fuses (TfjsFusion): a
// pattern case lists its nodes; the last one is "y".
function pattern(name, xShape, consts, nodes) {
  cases.push({ name, op: nodes[nodes.length - 1].op, xShape, consts, nodes, outputs: 1 });
}
const node = (n, op, input, attr) => ({ name: n, op, input, attr: attr || { T: type('DT_FLOAT') } });
const poolAttr = { ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: str('VALID'), data_format: str('NHWC'),
  T: type('DT_FLOAT') };
pattern('fused-pad-conv-bias', [1, 3, 6, 5], [c('p', [4, 2], 'int32', [0, 0, 0, 0, 1, 1, 1, 1]),
  c('perm', [4], 'int32', [0, 2, 3, 1]), c('w', [3, 3, 3, 4], 'float32', values(108)), c('b', [4], 'float32', values(4)),
  c('back', [4], 'int32', [0, 3, 1, 2])], [
  node('padded', 'Pad', ['x', 'p']), node('nhwc', 'Transpose', ['padded', 'perm']),
  node('conv', 'Conv2D', ['nhwc', 'w'], { strides: ints(1, 2, 2, 1), padding: str('VALID'), data_format: str('NHWC'),
    dilations: ints(1, 1, 1, 1), T: type('DT_FLOAT') }),
  node('biased', 'Add', ['conv', 'b']), node('y', 'Transpose', ['biased', 'back'])]);
pattern('fused-padv2-maxpool-symmetric', [1, 2, 7, 6], [c('p', [4, 2], 'int32', [0, 0, 0, 0, 1, 1, 1, 1]),
  c('v', [], 'float32', [-Infinity]), c('perm', [4], 'int32', [0, 2, 3, 1])], [
  node('padded', 'PadV2', ['x', 'p', 'v']), node('nhwc', 'Transpose', ['padded', 'perm']),
  node('y', 'MaxPool', ['nhwc'], poolAttr)]);
pattern('fused-padv2-maxpool-after', [1, 2, 6, 8], [c('p', [4, 2], 'int32', [0, 0, 0, 0, 0, 1, 0, 1]),
  c('v', [], 'float32', [-Infinity]), c('perm', [4], 'int32', [0, 2, 3, 1])], [
  node('padded', 'PadV2', ['x', 'p', 'v']), node('nhwc', 'Transpose', ['padded', 'perm']),
  node('y', 'MaxPool', ['nhwc'], poolAttr)]);
pattern('fused-padv2-maxpool-uneven', [1, 1, 5, 6], [c('p', [4, 2], 'int32', [0, 0, 0, 0, 2, 0, 1, 2]),
  c('v', [], 'float32', [-Infinity]), c('perm', [4], 'int32', [0, 2, 3, 1])], [
  node('padded', 'PadV2', ['x', 'p', 'v']), node('nhwc', 'Transpose', ['padded', 'perm']),
  node('y', 'MaxPool', ['nhwc'], poolAttr)]);

pattern('select-on-less', [2, 4], [c('k', [4], 'float32', [0.5, -0.25, 0, 1]), c('e', [2, 4], 'float32', values(8))], [
  node('less', 'Less', ['x', 'k']), node('y', 'Select', ['less', 'x', 'e'])]);
pattern('logical-and', [2, 4], [c('lo', [], 'float32', [-0.5]), c('hi', [], 'float32', [1])], [
  node('above', 'Greater', ['x', 'lo']), node('below', 'Less', ['x', 'hi']),
  node('y', 'LogicalAnd', ['above', 'below'], {})]);

function graph(kase) {
  const nodes = [{ name: 'x', op: 'Placeholder', attr: { dtype: type('DT_FLOAT'),
    shape: { shape: { dim: kase.xShape.map((s) => ({ size: String(s) })) } } } }];
  const weights = [];
  const buffers = [];
  for (const k of kase.consts) {
    nodes.push({ name: k.name, op: 'Const', attr: { value: { tensor: { dtype: DT[k.dtype],
      tensorShape: k.shape.length ? { dim: k.shape.map((s) => ({ size: String(s) })) } : {} } }, dtype: type(DT[k.dtype]) } });
    weights.push({ name: k.name, shape: k.shape, dtype: k.dtype });
    buffers.push(Buffer.from((k.dtype === 'int32' ? Int32Array : Float32Array).from(k.values).buffer));
  }
  if (kase.nodes) {
    nodes.push(...kase.nodes);
  } else {
    nodes.push({ name: 'y', op: kase.op, input: kase.inputs, attr: kase.attr });
  }
  const outputs = [];
  if (kase.outputs === 1) {
    outputs.push('y');
  } else {
    for (let i = 0; i < kase.outputs; i++) {
      nodes.push({ name: 'y' + i, op: 'Identity', input: [i === 0 ? 'y' : 'y:' + i], attr: { T: type('DT_FLOAT') } });
      outputs.push('y' + i);
    }
  }
  const signature = { inputs: { 'x:0': { name: 'x:0', dtype: 'DT_FLOAT' } },
    outputs: Object.fromEntries(outputs.map((o) => [o + ':0', { name: o + ':0' }])) };
  return { json: { format: 'graph-model', generatedBy: 'op-cases.js', convertedBy: 'op-cases.js', signature,
    modelTopology: { node: nodes, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['weights.bin'], weights }] }, bin: Buffer.concat(buffers), outputs };
}

async function main() {
  const outDir = process.argv[2];
  await tf.setBackend('cpu');
  for (const kase of cases) {
    const { json, bin, outputs } = graph(kase);
    const specs = json.weightsManifest[0].weights;
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs,
      weightData: new Uint8Array(bin).buffer, format: json.format, signature: json.signature }));
    const lo = kase.op === 'Relu6' ? -8 : -2;
    const xValues = values(size(kase.xShape), lo, -lo);
    const x = tf.tensor(xValues, kase.xShape, 'float32');
    const results = model.execute({ x }, outputs);
    const list = Array.isArray(results) ? results : [results];
    const expected = { op: kase.op, tfjs: tf.version.tfjs, x: { shape: kase.xShape, values: xValues }, outputs: [] };
    for (let i = 0; i < list.length; i++) {
      expected.outputs.push({ name: outputs[i], shape: list[i].shape, dtype: list[i].dtype,
        values: Array.from(await list[i].data()) });
    }
    const dir = path.join(outDir, kase.name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json) + '\n');
    fs.writeFileSync(path.join(dir, 'weights.bin'), bin);
    fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected) + '\n');
    console.log(`${kase.name}: ${kase.op} -> ${expected.outputs.map((o) => '[' + o.shape + ']').join(' ')}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
