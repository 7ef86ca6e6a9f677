// Entry of the prediction child process: loads a run's best model on the best backend, predicts the
// given images (with class-activation-map overlays when asked) and answers once. TensorFlow.js runs
// here, never in the process that serves the UI, so a long prediction cannot freeze it.
import { AppFailure } from '../../../shared/result';
import { selectBackend } from '../../trainer/backend';
import { listImages, loadRunPredictor } from '../../trainer/predict';
import { predictRequestSchema, type PredictReply } from './prediction-protocol';

const reply = (message: PredictReply) => new Promise<void>((resolve) => (process.send ? process.send(message, undefined, {}, () => resolve()) : resolve()));

async function predict(raw: unknown): Promise<PredictReply> {
  const parsed = predictRequestSchema.safeParse(raw);
  if (!parsed.success) return { type: 'error', code: 'invalid-input', message: `bad prediction request: ${parsed.error.issues[0]?.message}` };
  const request = parsed.data;
  const images = await listImages(request.inputs);
  const backend = await selectBackend(request.backend);
  const predictor = await loadRunPredictor(request.runDir);
  try {
    const predictions = await predictor.predict(images, { top: request.top, cam: request.cam ? { dir: request.cam.dir, method: request.cam.method } : undefined });
    return { type: 'result', epoch: predictor.source.epoch, backend: backend.name, predictions };
  } finally {
    predictor.dispose();
  }
}

process.once('message', (raw) => {
  void predict(raw)
    .catch((error: unknown): PredictReply => {
      const code = error instanceof AppFailure ? error.code : (error as { code?: unknown })?.code === 'backend-unavailable' ? 'backend-unavailable' : 'internal';
      return { type: 'error', code, message: error instanceof Error ? error.message : String(error) };
    })
    .then(reply)
    .then(() => process.exit(0));
});
