// `mge datasets inspect <path>`: detect a dataset's format and print its import report.
import { AIRCRAFT_LEVELS } from '../../../shared/config';
import type { DatasetReport } from '../../../shared/datasets';
import { importDataset } from '../../services/datasets';
import { UsageError } from '../args';
import { jsonOption, printJson, type CommandSpec } from '../command';
import { abbreviatedList, table } from '../format';

export const datasetsInspectCommand: CommandSpec = {
  path: ['datasets', 'inspect'],
  summary: 'Detect a dataset (CUB, Aircraft, Cars, folder-per-class) and report classes, splits and problems',
  positionals: [{ name: 'path', description: 'Dataset folder, or the folder that contains it', required: true }],
  options: [
    jsonOption,
    { name: 'deep', type: 'boolean', description: 'Decode every image fully to find truncated files (slower)' },
    { name: 'classes', type: 'boolean', description: 'List every class with its image counts' },
    { name: 'test-fraction', type: 'number', valueName: 'F', description: 'Test share per class when the dataset has no split (default 0.2)' },
    { name: 'val-fraction', type: 'number', valueName: 'F', description: 'Validation share of training images (default 0)' },
    { name: 'seed', type: 'integer', valueName: 'N', description: 'Seed of the generated split (default 0)' },
    { name: 'aircraft-level', type: 'string', choices: AIRCRAFT_LEVELS, description: 'FGVC-Aircraft label level (default variant)' },
  ],
  async run(args, io) {
    const fraction = (name: string) => {
      const value = args.options[name] as number | undefined;
      if (value !== undefined && (value < 0 || value > 0.9)) throw new UsageError(`--${name} must be between 0 and 0.9`);
      return value;
    };
    const showProgress = io.isTty && !args.options.json;
    const { report } = await importDataset(args.positionals[0], {
      deepCheck: Boolean(args.options.deep),
      testFraction: fraction('test-fraction'),
      valFraction: fraction('val-fraction'),
      seed: args.options.seed as number | undefined,
      aircraftLevel: args.options['aircraft-level'] as (typeof AIRCRAFT_LEVELS)[number] | undefined,
      onProgress: showProgress ? (done, total) => io.err(`\rchecking images ${done}/${total}`) : undefined,
    });
    if (showProgress) io.err('\r\x1b[K');
    if (args.options.json) printJson(io, report);
    else io.out(describeReport(report, Boolean(args.options.classes)));
    return 0;
  },
};

export function describeReport(report: DatasetReport, listClasses: boolean): string {
  const splits = Object.entries(report.splits)
    .map(([split, count]) => `${split} ${count}`)
    .join(' · ');
  const lines = [
    `Format:       ${report.formatLabel} (${report.format})`,
    `Root:         ${report.root}`,
    `Classes:      ${report.classes.length}  ${abbreviatedList(report.classes, 6)}`,
    `Images:       ${splits || 'none'}  (${report.splitSource === 'dataset' ? 'split from the dataset' : 'seeded stratified split'})`,
    `Fingerprint:  ${report.fingerprint}`,
    ...report.notes.map((note, i) => `${i === 0 ? 'Notes:        ' : '              '}${note}`),
  ];
  let text = `${lines.join('\n')}\n`;
  if (listClasses) {
    const splitNames = Object.keys(report.splits);
    text += `\n${table(['#', 'class', ...splitNames], report.classes.map((name, i) => [String(i + 1), name, ...splitNames.map((s) => String(report.perClass[i]?.[s as keyof (typeof report.perClass)[number]] ?? 0))]))}`;
  }
  if (report.problems.length === 0) {
    text += 'Problems:     none\n';
  } else {
    text += `Problems:     ${report.problems.length} (listed files are skipped; nothing was changed on disk)\n`;
    text += table(['kind', 'path', 'problem'], report.problems.map((p) => [p.kind, p.path, p.message]));
  }
  return text;
}
