// Runs the `mge` CLI in-process with captured output.
import { main } from '../../main/cli';
import type { CliIo } from '../../main/cli/command';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (t) => (stdout += t), err: (t) => (stderr += t), isTty: false, env: { ...env }, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
