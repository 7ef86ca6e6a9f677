// Pause / resume / stop requests from outside the loop (the host process, a signal handler, a test).
export class TrainingControl {
  private pausedResolvers: Array<() => void> = [];
  private isPaused = false;
  private stopped = false;

  get paused(): boolean {
    return this.isPaused;
  }

  get stopRequested(): boolean {
    return this.stopped;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    for (const resolve of this.pausedResolvers.splice(0)) resolve();
  }

  /** Asks the loop to finish its current batch, save, and return; also releases a pause. */
  stop(): void {
    this.stopped = true;
    this.resume();
  }

  /** Resolves immediately when running, or when the pause ends. */
  waitWhilePaused(): Promise<void> {
    if (!this.isPaused) return Promise.resolve();
    return new Promise((resolve) => this.pausedResolvers.push(resolve));
  }
}
