// `mge runs list|show|delete|rename`: the run store from the command line.
import type { RunListEntry } from '../../../shared/runs';
import { RunStore } from '../../services/runs';
import { jsonOption, printJson, resolveRunsDir, runsDirOption, type CommandSpec } from '../command';
import { duration, percent, table } from '../format';

export const runsListCommand: CommandSpec = {
  path: ['runs', 'list'],
  summary: 'List the runs in the runs folder (damaged folders are shown as such)',
  positionals: [],
  options: [runsDirOption, jsonOption],
  async run(args, io) {
    const store = new RunStore(resolveRunsDir(args, io));
    const entries = await store.list();
    if (args.options.json) {
      printJson(io, entries);
      return 0;
    }
    if (entries.length === 0) {
      io.out(`No runs in ${store.runsDir}. Start one with "mge demo" or "mge train".\n`);
      return 0;
    }
    io.out(table(['id', 'name', 'status', 'model', 'epochs', 'test acc', 'created'], entries.map(listRow)));
    return 0;
  },
};

function listRow(entry: RunListEntry): string[] {
  if (entry.damaged) return [entry.id, '-', 'damaged', '-', '-', '-', entry.reason];
  const { record, summary, lastEpoch } = entry;
  const model = `${record.config.model}/${record.config.backbone}`;
  return [
    entry.id,
    record.name,
    record.status,
    model,
    `${lastEpoch ?? 0}/${record.config.epochs}`,
    percent(summary?.testAccuracy),
    record.createdAt.replace('T', ' ').slice(0, 19),
  ];
}

export const runsShowCommand: CommandSpec = {
  path: ['runs', 'show'],
  summary: 'Show one run: config, dataset, per-epoch metrics and final results',
  positionals: [{ name: 'id', description: 'Run id (its folder name)', required: true }],
  options: [runsDirOption, jsonOption],
  async run(args, io) {
    const store = new RunStore(resolveRunsDir(args, io));
    const details = await store.get(args.positionals[0]);
    if (args.options.json) {
      printJson(io, details);
      return 0;
    }
    const { record, metrics, summary, warnings } = details;
    const c = record.config;
    const lines = [
      `Run:       ${record.id}`,
      `Name:      ${record.name}`,
      `Status:    ${record.status}${record.failure ? ` — ${record.failure.reason}` : ''}`,
      `Created:   ${record.createdAt}`,
      `Model:     ${c.model} / ${c.backbone}, ${c.imgSize}px, batch ${c.batchSize}, ${c.epochs} epochs, lr ${c.lr} (backbone ${c.backboneLr}), seed ${c.seed}`,
      `Dataset:   ${record.dataset ? `${record.dataset.format} ${record.dataset.root} (${record.dataset.classes.length} classes, fingerprint ${record.dataset.fingerprint})` : c.dataset}`,
      `Backend:   ${record.versions.backend ?? '-'} on ${record.versions.device ?? '-'} (tfjs ${record.versions.tfjs ?? '-'}, ${record.versions.threads ?? '-'} threads)`,
    ];
    if (record.failure?.lastLogLines.length) lines.push('Last log lines:', ...record.failure.lastLogLines.map((l) => `  ${l}`));
    io.out(`${lines.join('\n')}\n`);
    if (metrics.length > 0) {
      const heads = Object.keys(metrics[metrics.length - 1].accuracy);
      io.out(`\n${table(['epoch', 'loss', ...heads, 'lr', 'img/s', 'time'], metrics.map((m) => [String(m.epoch), (m.losses.total ?? NaN).toFixed(4), ...heads.map((h) => percent(m.accuracy[h])), String(Number(m.lr.head.toPrecision(3))), m.samplesPerSec.toFixed(1), duration(m.epochSeconds)]))}`);
    }
    if (summary) {
      const experts = summary.expertAccuracy ? `, experts ${summary.expertAccuracy.map((a) => percent(a)).join(' / ')}` : '';
      io.out(`\nTest accuracy: ${percent(summary.testAccuracy, 2)} top-1, ${percent(summary.top5Accuracy, 2)} top-5${experts} on ${summary.testSamples} images (best ${percent(summary.bestAccuracy, 2)} at epoch ${summary.bestEpoch})\n`);
    }
    for (const warning of warnings) io.err(`warning: ${warning}\n`);
    return 0;
  },
};

export const runsDeleteCommand: CommandSpec = {
  path: ['runs', 'delete'],
  summary: 'Delete a run folder and everything in it',
  positionals: [{ name: 'id', description: 'Run id', required: true }],
  options: [runsDirOption, { name: 'yes', type: 'boolean', description: 'Do not ask for confirmation' }],
  async run(args, io) {
    const store = new RunStore(resolveRunsDir(args, io));
    const id = args.positionals[0];
    if (!args.options.yes) {
      io.err(`mge runs delete: this removes ${store.runDir(id)} for good; add --yes to confirm\n`);
      return 2;
    }
    await store.delete(id);
    io.out(`Deleted run ${id}\n`);
    return 0;
  },
};

export const runsRenameCommand: CommandSpec = {
  path: ['runs', 'rename'],
  summary: "Change a run's display name (its id and folder stay the same)",
  positionals: [
    { name: 'id', description: 'Run id', required: true },
    { name: 'name', description: 'New name', required: true },
  ],
  options: [runsDirOption],
  async run(args, io) {
    const store = new RunStore(resolveRunsDir(args, io));
    const record = await store.rename(args.positionals[0], args.positionals[1]);
    io.out(`Renamed run ${record.id} to "${record.name}"\n`);
    return 0;
  },
};
