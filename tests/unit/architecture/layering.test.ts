// Enforces the process layering of design §2: each folder may import only what its runtime has.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE = /\.(ts|mts|vue)$/;

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => SOURCE.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

/** Every module specifier of static imports, re-exports, dynamic imports and require calls. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers;
}

function resolveTarget(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.normalize(path.join(path.dirname(file), specifier)) : specifier;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNodeBuiltin = (s: string) => s.startsWith('node:') || NODE_BUILTINS.has(s.split('/')[0]);

interface Rule {
  folder: string;
  forbid: (target: string, specifier: string) => string | null;
}

const RULES: Rule[] = [
  {
    folder: 'shared',
    forbid: (target, spec) => (spec.startsWith('.') ? (target.startsWith('shared') ? null : 'shared/ may import only shared/') : spec === 'zod' ? null : `shared/ may import only zod, not "${spec}"`),
  },
  {
    folder: 'main/common',
    forbid: (target, spec) => (spec.startsWith('.') && !/^(main\/common|shared)\b/.test(target) ? 'main/common holds plain Node helpers: it may import only shared/' : spec === 'electron' ? 'main/common never imports electron' : null),
  },
  {
    folder: 'main/trainer',
    forbid: (target, spec) =>
      spec === 'electron' || spec.startsWith('electron/')
        ? 'main/trainer never imports electron'
        : /^main\/(app|server|services)\b/.test(target)
          ? 'main/trainer is standalone: it may not import app, server or services code'
          : null,
  },
  {
    folder: 'main/services',
    forbid: (target, spec) =>
      spec === 'electron' || spec.startsWith('electron/') ? 'main/services never imports electron' : /^main\/(app|server)\b/.test(target) ? 'services sit below app and server' : null,
  },
  {
    folder: 'main/cli',
    forbid: (target, spec) => (spec === 'electron' ? 'the CLI runs without Electron' : /^main\/app\b/.test(target) ? 'the CLI may not import the Electron shell' : null),
  },
  {
    folder: 'renderer/src',
    forbid: (target, spec) =>
      isNodeBuiltin(spec) ? `the renderer has no Node: "${spec}"` : spec === 'electron' ? 'the renderer never imports electron' : target.startsWith('main') ? 'the renderer reaches main only through window.api' : null,
  },
];

describe('layering', () => {
  for (const rule of RULES) {
    it(`${rule.folder} respects its boundaries`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(rule.folder)) {
        for (const specifier of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
          const why = rule.forbid(resolveTarget(file, specifier), specifier);
          if (why) violations.push(`${file} imports "${specifier}": ${why}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('detects a forbidden import (the checker itself works)', () => {
    const found = importsOf(`import { app } from 'electron';\nimport fs from "node:fs";\nconst x = await import('./y');\nexport * from '../z';`);
    expect(found).toEqual(['electron', 'node:fs', '../z', './y']);
    const trainer = RULES.find((r) => r.folder === 'main/trainer')!;
    expect(trainer.forbid('electron', 'electron')).toContain('never imports electron');
    const renderer = RULES.find((r) => r.folder === 'renderer/src')!;
    expect(renderer.forbid('fs', 'fs')).toContain('no Node');
  });
});
