// `mge`: the headless face of MGE Studio. Finds the command named by the first words, parses its options,
// and turns every failure into one clear line: usage mistakes exit 2, other errors exit 1.
import { AppFailure } from '../../shared/result';
import { formatHelp, parseArgs, UsageError } from './args';
import { processIo, type CliIo, type CommandSpec } from './command';
import { COMMANDS } from './commands';

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const command = findCommand(argv);
  if (!command) return printOverview(argv, io);
  const name = `mge ${command.path.join(' ')}`;
  const rest = argv.slice(command.path.length);
  try {
    const args = parseArgs(rest, command.options, command.positionals);
    if (args.help) {
      io.out(formatHelp(`${name}${command.positionals.map((p) => (p.required ? ` <${p.name}>` : ` [${p.name}]`)).join('')} [options]`, command.summary, command.options, command.positionals));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${name}: ${error.message} (see "${name} --help")\n`);
      return 2;
    }
    if (error instanceof AppFailure) {
      io.err(`${name}: ${error.message}\n`);
      return error.code === 'invalid-input' ? 2 : 1;
    }
    io.err(`${name}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.MGE_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 1;
  }
}

function findCommand(argv: string[]): CommandSpec | undefined {
  const candidates = COMMANDS.filter((c) => c.path.every((word, i) => argv[i] === word));
  return candidates.sort((a, b) => b.path.length - a.path.length)[0];
}

function printOverview(argv: string[], io: CliIo): number {
  const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
  const group = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  const shown = group ? COMMANDS.filter((c) => c.path[0] === group) : COMMANDS;
  if (shown.length === 0 || (group && argv[1] && !argv[1].startsWith('-'))) {
    io.err(`mge: unknown command "${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}" (see "mge --help")\n`);
    return 2;
  }
  const lines = ['Usage: mge <command> [options]', '', 'MGE Studio: train and inspect fine-grained image classifiers (MGE-CNN) from the command line.', '', 'Commands:'];
  for (const c of shown) lines.push(`  ${c.path.join(' ').padEnd(22)}${c.summary}`);
  lines.push('', 'Run "mge <command> --help" for the options of a command.');
  if (wantsHelp) {
    io.out(`${lines.join('\n')}\n`);
    return 0;
  }
  io.err(`mge ${group}: missing subcommand\n${lines.join('\n')}\n`);
  return 2;
}
