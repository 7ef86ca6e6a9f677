// Errors the transport itself produces; they have the same shape as the services' typed errors so
// that every caller handles one kind of failure.
import type { AppError, Result } from '../../../shared/result';

export const DISCONNECTED: AppError = {
  code: 'io-error',
  message: 'Lost the connection to MGE Studio. It reconnects on its own; try again in a moment.',
};

export const NOT_CONNECTED: AppError = {
  code: 'io-error',
  message: 'Could not connect to MGE Studio. Is `mge serve` still running, and does the address include its ?token=…?',
};

export const NO_TOKEN: AppError = {
  code: 'invalid-input',
  message: 'This page was opened without its access token. Open the full address that `mge serve` printed (it ends with ?token=…).',
};

export function failed<T>(error: AppError): Result<T> {
  return { ok: false, error };
}

/** The message of an error that escaped a Result (a bug or a transport failure), for display. */
export function describeThrown(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
