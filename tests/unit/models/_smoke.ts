import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createModel } from '../../../main/trainer/models/registry';

await tf.setBackend('cpu');
for (const name of ['baseline', 'mgecnn'] as const) {
  let t0 = Date.now();
  const model = createModel(name, { numClasses: 3, backbone: 'resnet-tiny', imgSize: 32, boxThreshold: 0.2, diversityWeight: 1, seed: 0 });
  console.log(name, 'init ms', Date.now() - t0, 'params', model.parameters().length);
  const x = tf.randomUniform([4, 32, 32, 3]) as tf.Tensor4D;
  const y = tf.tensor1d([0, 1, 2, 0], 'int32');
  for (let i = 0; i < 3; i++) {
    t0 = Date.now();
    const vars = model.parameters().map((p) => p.variable);
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forward(x, { training: true, labels: y });
        return model.loss(out, y).total;
      }, vars);
      console.log(' loss', value.dataSync()[0], 'ngrads', Object.keys(grads).length);
    });
    console.log(' step ms', Date.now() - t0, 'tensors', tf.memory().numTensors);
  }
  t0 = Date.now();
  const out = tf.tidy(() => { const o = model.forward(x, { training: false }); return o.boxes!.arraySync(); });
  console.log(' eval ms', Date.now() - t0, JSON.stringify(out).slice(0, 300), tf.memory().numTensors);
}
