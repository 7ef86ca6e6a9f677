import { describe, expect, it } from 'vitest';
import { TrainingControl } from '../../../main/trainer/training/control';

describe('TrainingControl', () => {
  it('holds the loop while paused and releases it on resume', async () => {
    const control = new TrainingControl();
    await control.waitWhilePaused();
    control.pause();
    let released = false;
    const waiting = control.waitWhilePaused().then(() => (released = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(released).toBe(false);
    control.resume();
    await waiting;
    expect(released).toBe(true);
  });

  it('stop releases a pause and is remembered', async () => {
    const control = new TrainingControl();
    control.pause();
    const waiting = control.waitWhilePaused();
    control.stop();
    await waiting;
    expect(control.stopRequested).toBe(true);
    expect(control.paused).toBe(false);
  });
});
