// A stand-in trainer process for host tests: answers `start` like the real one, then fails the way
// MGE_FAKE_TRAINER says (exit code, uncaught throw, out-of-memory message, hang until killed, garbage
// messages), or reports the GPUs it was given (env).
const mode = process.env.MGE_FAKE_TRAINER ?? 'exit';

process.on('message', (message: { type: string }) => {
  if (message.type !== 'start') return;
  process.send?.({ type: 'log', level: 'info', message: 'epoch 1 batch 1 of 4' });
  process.send?.({ type: 'log', level: 'info', message: 'epoch 1 batch 2 of 4' }, undefined, {}, () => {
    switch (mode) {
      case 'exit':
        process.exit(3);
        break;
      case 'throw':
        setTimeout(() => {
          throw new Error('segfault-like failure in a kernel');
        }, 10);
        break;
      case 'oom':
        process.stderr.write('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n', () => process.exit(134));
        break;
      case 'hang':
        setInterval(() => undefined, 1000);
        break;
      case 'env':
        process.send?.({ type: 'log', level: 'info', message: `CUDA_VISIBLE_DEVICES=${process.env.CUDA_VISIBLE_DEVICES ?? '(unset)'}` }, undefined, {}, () => process.exit(5));
        break;
      case 'garbage':
        process.send?.({ type: 'epoch', metrics: { epoch: 'one' } });
        process.send?.({ type: 'completed', summary: { nonsense: true } }, undefined, {}, () => process.exit(0));
        break;
    }
  });
});
