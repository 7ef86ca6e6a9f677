// What every CLI command declares, and the streams it writes to (injectable so tests can capture them).
import path from 'node:path';
import type { OptionSpec, ParsedArgs, PositionalSpec } from './args';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars) or a pipe/file (plain lines). */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CommandSpec {
  /** Words after `mge`, e.g. ['datasets', 'inspect']. */
  path: string[];
  summary: string;
  positionals: PositionalSpec[];
  options: OptionSpec[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
});

export const runsDirOption: OptionSpec = {
  name: 'runs-dir',
  type: 'string',
  valueName: 'DIR',
  description: 'Runs folder (default: $MGE_RUNS_DIR, else ./runs)',
};

export const jsonOption: OptionSpec = { name: 'json', type: 'boolean', description: 'Print machine-readable JSON' };

export function resolveRunsDir(args: ParsedArgs, io: CliIo): string {
  const given = (args.options['runs-dir'] as string | undefined) ?? io.env.MGE_RUNS_DIR ?? 'runs';
  return path.resolve(io.cwd, given);
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
