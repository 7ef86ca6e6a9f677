import { describe, expect, it } from 'vitest';
import { API_INPUTS, isApiMethod, validateApiInput } from '../../../shared/api';

describe('API contract', () => {
  it('accepts valid inputs and returns the parsed value', () => {
    expect(validateApiInput('runs.get', { id: '20261204-101010-run-ab12' })).toEqual({ ok: true, value: { id: '20261204-101010-run-ab12' } });
    expect(validateApiInput('runs.list', undefined)).toEqual({ ok: true, value: {} });
    expect(validateApiInput('training.start', { config: { dataset: 'synthetic' }, preset: 'quick-cpu' }).ok).toBe(true);
  });

  it('rejects bad payloads with a typed error naming the field', () => {
    const traversal = validateApiInput('runs.delete', { id: '../../etc' });
    expect(traversal).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'id', message: 'not a valid run id' }] } });
    const extra = validateApiInput('runs.list', { evil: true });
    expect(extra.ok).toBe(false);
    const emptyPath = validateApiInput('datasets.inspect', { path: '' });
    expect(emptyPath.ok || emptyPath.error.message).toContain('choose a dataset folder');
    expect(validateApiInput('training.start', { config: {}, preset: 'turbo' }).ok).toBe(false);
  });

  it('knows its own method names only', () => {
    expect(isApiMethod('runs.list')).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('__proto__')).toBe(false);
    expect(Object.keys(API_INPUTS).length).toBeGreaterThan(10);
  });
});
