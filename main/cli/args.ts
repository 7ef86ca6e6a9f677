// A small declarative option parser: each command lists its options once, and that list drives parsing,
// validation (one clear line, exit code 2) and --help. Option names accept dashes or underscores
// (`--weight-decay` and the original main.py's `--weight_decay`).

export type OptionType = 'string' | 'number' | 'integer' | 'boolean';

export interface OptionSpec {
  /** Canonical name with dashes, without the leading `--`. */
  name: string;
  type: OptionType;
  description: string;
  /** Placeholder shown in help, e.g. DIR. */
  valueName?: string;
  choices?: readonly string[];
  /** Other spellings, e.g. `gpu-ids` for `gpu_ids`; underscores are always accepted too. */
  aliases?: string[];
  /** May be given several times; the value becomes an array. */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

export interface ParsedArgs {
  options: Record<string, string | number | boolean | Array<string | number> | undefined>;
  positionals: string[];
  help: boolean;
}

/** A mistake in how a command was called: reported as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const canonical = (name: string) => name.replace(/_/g, '-').toLowerCase();

export function parseArgs(argv: string[], options: OptionSpec[], positionals: PositionalSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of options) {
    byName.set(canonical(spec.name), spec);
    for (const alias of spec.aliases ?? []) byName.set(canonical(alias), spec);
  }
  const result: ParsedArgs = { options: {}, positionals: [], help: false };
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      result.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      result.help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    const eq = arg.indexOf('=');
    const rawName = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(canonical(rawName));
    if (!spec) throw new UsageError(`unknown option --${rawName}${suggest(rawName, options)}`);

    let raw: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (spec.type === 'boolean') {
      if (raw === undefined) result.options[spec.name] = true;
      else if (/^(true|1|yes)$/i.test(raw)) result.options[spec.name] = true;
      else if (/^(false|0|no)$/i.test(raw)) result.options[spec.name] = false;
      else throw new UsageError(`--${spec.name} takes no value or true/false, not "${raw}"`);
      continue;
    }
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${spec.name} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
      raw = next;
      i++;
    }
    const value = convert(spec, raw);
    if (spec.repeatable) {
      const list = (result.options[spec.name] as Array<string | number> | undefined) ?? [];
      list.push(value);
      result.options[spec.name] = list;
    } else {
      result.options[spec.name] = value;
    }
  }

  if (result.help) return result;
  const required = positionals.filter((p) => p.required);
  if (result.positionals.length < required.length) {
    throw new UsageError(`missing <${required[result.positionals.length].name}>`);
  }
  const variadic = positionals.some((p) => p.variadic);
  if (!variadic && result.positionals.length > positionals.length) {
    throw new UsageError(`unexpected argument "${result.positionals[positionals.length]}"`);
  }
  return result;
}

function convert(spec: OptionSpec, raw: string): string | number {
  if (spec.type === 'number' || spec.type === 'integer') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${spec.name} must be a number, not "${raw}"`);
    if (spec.type === 'integer' && !Number.isInteger(value)) throw new UsageError(`--${spec.name} must be a whole number, not "${raw}"`);
    return value;
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, not "${raw}"`);
  }
  return raw;
}

function suggest(rawName: string, options: OptionSpec[]): string {
  const wanted = canonical(rawName);
  const close = options.find((o) => editDistance(canonical(o.name), wanted) <= 2);
  return close ? ` (did you mean --${close.name}?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function formatHelp(usage: string, summary: string, options: OptionSpec[], positionals: PositionalSpec[]): string {
  const lines = [`Usage: ${usage}`, '', summary];
  if (positionals.length > 0) {
    lines.push('', 'Arguments:');
    for (const p of positionals) lines.push(`  ${`<${p.name}>`.padEnd(28)}${p.description}`);
  }
  lines.push('', 'Options:');
  const all: OptionSpec[] = [...options, { name: 'help', type: 'boolean', description: 'Show this help' }];
  for (const o of all) {
    const value = o.type === 'boolean' ? '' : ` ${o.valueName ?? o.type.toUpperCase()}`;
    const spelling = `--${o.name}${value}`;
    const extra = o.choices ? ` (${o.choices.join('|')})` : '';
    lines.push(`  ${spelling.padEnd(28)}${o.description}${extra}`);
  }
  return `${lines.join('\n')}\n`;
}
