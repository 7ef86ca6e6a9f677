// Entry of the trainer child process. Speaks the validated protocol of shared/trainer-protocol.ts over
// Node IPC: receives one `start` and then pause/resume/stop; streams progress, metrics and the result.
// Any error ends the process with a `failed` event carrying the reason; the host handles the rest.
import { trainerCommandSchema, type TrainerCommand, type TrainerEvent } from '../../../shared/trainer-protocol';
import { selectBackend } from '../backend';
import { TrainingControl } from '../training/control';
import { runTrainingSession } from '../training/session';

const control = new TrainingControl();
let started = false;

function send(event: TrainerEvent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(event, undefined, {}, () => resolve());
  });
}

const log = (level: 'info' | 'warn' | 'error', message: string) => void send({ type: 'log', level, message });

async function start(command: Extract<TrainerCommand, { type: 'start' }>): Promise<void> {
  const backend = await selectBackend(command.config.backend, { log: (line) => log('info', line) });
  await send({
    type: 'ready',
    backend: { name: backend.name, tfjsVersion: backend.tfjsVersion, device: backend.device, gpu: backend.gpu, threads: backend.threads, notes: backend.notes },
  });
  const { fit, summary } = await runTrainingSession({
    config: command.config,
    classes: command.classes,
    samples: command.samples,
    runDir: command.runDir,
    resume: command.resume,
    control,
    log,
    callbacks: [
      {
        onBatchEnd: (info) => void send({ type: 'batch', ...info }),
        onEpochEnd: ({ metrics }) => send({ type: 'epoch', metrics }),
      },
    ],
    onCheckpoint: (epoch, batchesDone, best) => void send({ type: 'checkpoint', epoch, batchesDone, best }),
  });
  if (fit.status === 'stopped') await send({ type: 'stopped', epoch: fit.position.epoch, batchesDone: fit.position.batchesDone });
  else if (summary) await send({ type: 'completed', summary });
  else throw new Error('training ended without an evaluation');
}

async function fail(error: unknown): Promise<never> {
  const message = error instanceof Error ? error.message : String(error);
  await send({ type: 'failed', message, stack: error instanceof Error ? error.stack : undefined });
  process.exit(1);
}

process.on('message', (raw) => {
  const parsed = trainerCommandSchema.safeParse(raw);
  if (!parsed.success) {
    log('error', `ignored a malformed command: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return;
  }
  const command = parsed.data;
  switch (command.type) {
    case 'start':
      if (started) return log('warn', 'ignored a second start command');
      started = true;
      start(command).then(() => process.exit(0), fail);
      return;
    case 'pause':
      control.pause();
      void send({ type: 'state', state: 'paused' });
      return;
    case 'resume':
      control.resume();
      void send({ type: 'state', state: 'running' });
      return;
    case 'stop':
      control.stop();
      return;
  }
});

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// The host went away (app closed, CLI killed): stop at the next batch and save instead of training orphaned.
process.on('disconnect', () => control.stop());
// Ctrl-C in a terminal reaches the whole process group: let the host decide (first stop-and-save, then
// kill), and treat a system shutdown's SIGTERM as stop-and-save too.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => control.stop());
