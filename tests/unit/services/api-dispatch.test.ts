// The dispatcher is the boundary: unknown methods and bad payloads get typed invalid-input errors with
// field details, AppFailures keep their code, and unexpected errors become 'internal', never a throw.
import { describe, expect, it, vi } from 'vitest';
import { API_INPUTS } from '../../../shared/api';
import { AppFailure } from '../../../shared/result';
import { createDispatcher } from '../../../main/services/api/dispatch';
import type { ApiHandlers } from '../../../main/services/api/types';

function handlersWith(overrides: Partial<Record<string, (input: unknown) => Promise<unknown>>>): ApiHandlers {
  const all: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(API_INPUTS)) all[method] = overrides[method] ?? (async (input) => ({ echoed: input }));
  return all as unknown as ApiHandlers;
}

describe('API dispatcher', () => {
  it('passes the validated input to the handler and wraps its value', async () => {
    const dispatch = createDispatcher(handlersWith({}), () => undefined);
    expect(await dispatch('runs.get', { id: 'run-1' })).toEqual({ ok: true, value: { echoed: { id: 'run-1' } } });
    // A missing input means "no arguments".
    expect(await dispatch('runs.list', undefined)).toEqual({ ok: true, value: { echoed: {} } });
  });

  it('refuses unknown methods, including inherited property names', async () => {
    const dispatch = createDispatcher(handlersWith({}), () => undefined);
    for (const method of ['runs.nuke', 'constructor', '__proto__', 42, null]) {
      const result = await dispatch(method, {});
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input');
        expect(result.error.message).toMatch(/unknown method/);
      }
    }
  });

  it('names the bad fields of a payload', async () => {
    const dispatch = createDispatcher(handlersWith({}), () => undefined);
    const traversal = await dispatch('runs.get', { id: '../../etc' });
    expect(traversal).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'id', message: 'not a valid run id' }] } });
    const extra = await dispatch('runs.list', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const wrongType = await dispatch('runs.rename', { id: 'a', name: 7 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: 'name' }] } });
    const notAnObject = await dispatch('runs.get', 'run-1');
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ field: '(input)' }] } });
  });

  it('turns an AppFailure into its typed error and anything else into internal', async () => {
    const onInternal = vi.fn();
    const dispatch = createDispatcher(
      handlersWith({
        'runs.get': async () => {
          throw new AppFailure('not-found', 'no run "x"');
        },
        'runs.list': async () => {
          throw new TypeError('cannot read properties of undefined');
        },
      }),
      onInternal,
    );
    expect(await dispatch('runs.get', { id: 'x' })).toEqual({ ok: false, error: { code: 'not-found', message: 'no run "x"' } });
    expect(await dispatch('runs.list', {})).toEqual({ ok: false, error: { code: 'internal', message: 'runs.list failed unexpectedly: cannot read properties of undefined' } });
    expect(onInternal).toHaveBeenCalledWith('runs.list', expect.any(TypeError));
  });
});
