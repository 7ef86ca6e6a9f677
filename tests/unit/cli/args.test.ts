import { describe, expect, it } from 'vitest';
import { formatHelp, parseArgs, UsageError, type OptionSpec } from '../../../main/cli/args';

const OPTIONS: OptionSpec[] = [
  { name: 'weight-decay', type: 'number', description: 'wd' },
  { name: 'gpu-ids', type: 'string', description: 'gpus' },
  { name: 'epochs', type: 'integer', description: 'epochs' },
  { name: 'json', type: 'boolean', description: 'json' },
  { name: 'model', type: 'string', choices: ['mgecnn', 'baseline'], description: 'model' },
  { name: 'imgsize', type: 'integer', aliases: ['img-size'], description: 'size' },
];

describe('parseArgs', () => {
  it('accepts both the dashed and the original underscored spellings', () => {
    const parsed = parseArgs(['--weight_decay', '1e-4', '--gpu_ids=6,7', '--weight-decay=0.001', '--img-size', '64'], OPTIONS, []);
    expect(parsed.options).toEqual({ 'weight-decay': 0.001, 'gpu-ids': '6,7', imgsize: 64 });
  });

  it('parses booleans, positionals and negative numbers', () => {
    const parsed = parseArgs(['path/to/data', '--json', '--weight-decay', '-0.5'], OPTIONS, [{ name: 'path', description: '', required: true }]);
    expect(parsed.positionals).toEqual(['path/to/data']);
    expect(parsed.options.json).toBe(true);
    expect(parsed.options['weight-decay']).toBe(-0.5);
  });

  it.each([
    [['--epochz', '3'], 'unknown option --epochz (did you mean --epochs?)'],
    [['--epochs', 'three'], '--epochs must be a number, not "three"'],
    [['--epochs', '2.5'], '--epochs must be a whole number, not "2.5"'],
    [['--epochs'], '--epochs needs a value'],
    [['--model', 'vgg'], '--model must be one of mgecnn, baseline, not "vgg"'],
    [['--json=maybe'], '--json takes no value or true/false'],
    [['-x'], 'unknown option -x'],
    [['a', 'b'], 'unexpected argument "b"'],
  ])('rejects %j with one clear message', (argv, message) => {
    expect(() => parseArgs(argv, OPTIONS, [{ name: 'path', description: '', required: false }])).toThrow(UsageError);
    expect(() => parseArgs(argv, OPTIONS, [{ name: 'path', description: '', required: false }])).toThrow(message);
  });

  it('reports a missing required positional and recognises --help', () => {
    expect(() => parseArgs([], OPTIONS, [{ name: 'path', description: '', required: true }])).toThrow('missing <path>');
    expect(parseArgs(['--help'], OPTIONS, [{ name: 'path', description: '', required: true }]).help).toBe(true);
  });

  it('lists every option in the help text', () => {
    const help = formatHelp('mge x', 'Does x', OPTIONS, []);
    for (const o of OPTIONS) expect(help).toContain(`--${o.name}`);
    expect(help).toContain('--help');
  });
});
