// The one entry point of both transports: a method name and an untrusted input in, a Result out.
// Validation happens here (unknown method, bad input → invalid-input with field details); an
// AppFailure becomes its typed error; anything else becomes 'internal' — nothing is thrown across.
import { isApiMethod, validateApiInput, type ApiMethod } from '../../../shared/api';
import { AppFailure, fail, ok, type Result } from '../../../shared/result';
import type { ApiHandlers } from './types';

export function createDispatcher(handlers: ApiHandlers, onInternalError: (method: string, error: unknown) => void) {
  return async function handleCall(method: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isApiMethod(method)) {
      return fail('invalid-input', `unknown method ${typeof method === 'string' ? `"${method.slice(0, 100)}"` : `(${typeof method})`}`);
    }
    const validated = validateApiInput(method, input);
    if (!validated.ok) return validated;
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      return ok(await handler(validated.value));
    } catch (error) {
      return toFailure(method, error, onInternalError);
    }
  };
}

function toFailure(method: ApiMethod, error: unknown, onInternalError: (method: string, error: unknown) => void): Result<never> {
  if (error instanceof AppFailure) return { ok: false, error: error.toError() };
  onInternalError(method, error);
  const message = error instanceof Error ? error.message : String(error);
  return fail('internal', `${method} failed unexpectedly: ${message}`);
}
