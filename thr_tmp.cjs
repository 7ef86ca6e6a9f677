const path = require('path'), fs = require('fs'), os = require('os');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const wasmPkg = require('@tensorflow/tfjs-backend-wasm');
const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/wasm-out/';
const factory = require(dir + 'tfjs-backend-wasm-threaded-simd.js');
const { wasmWorkerContents } = require(dir + 'tfjs-backend-wasm-threaded-simd.worker.js');
const wf = path.join(os.tmpdir(), 'tfjs-wasm-worker-test.cjs'); fs.writeFileSync(wf, wasmWorkerContents.replace(/\n/g, '\\n'));
const nThreads = +(process.argv[2] || 2);
(async () => {
  const t0 = Date.now();
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    const os2=require('os'); const orig=os2.cpus; const fake=orig(); while (fake.length < 2*nThreads) fake.push(fake[0]); os2.cpus=()=>fake; let module; try { module = await factory({ locateFile: (p, prefix) => p.endsWith('.worker.js') ? wf : prefix + p }); } finally { os2.cpus = orig; }
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number','number','number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    wasmPkg.setThreadsCount(nThreads);
    return new wasmPkg.BackendWasm(module);
  }, 2);
  const ok = await tf.setBackend('wasm');
  console.log('ok', ok, 'threads', wasmPkg.getThreadsCount(), 'init ms', Date.now()-t0);
  const x = tf.randomNormal([16, 64, 64, 64]); const w = tf.randomNormal([3,3,64,64]);
  for (let i=0;i<2;i++) tf.conv2d(x,w,1,'same').dispose();
  const t1 = Date.now(); for (let i=0;i<10;i++) { const y = tf.conv2d(x,w,1,'same'); y.dataSync(); y.dispose(); }
  console.log('conv ms', (Date.now()-t1)/10);
  if (process.argv[3] === "unref") { const m = tf.backend().wasm; console.log("running", m.PThread.runningWorkers.length, "unused", m.PThread.unusedWorkers.length); m.PThread.runningWorkers.forEach(w => w.unref()); }
  console.log("done main");
})().catch(e => { console.error('ERR', e); process.exit(1); });
