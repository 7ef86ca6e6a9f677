// Typed results: every operation that a user can make fail answers with a code and a human message.

export const ERROR_CODES = [
  'invalid-input',
  'not-found',
  'not-a-dataset',
  'damaged',
  'conflict',
  'io-error',
  'backend-unavailable',
  'trainer-crashed',
  /** The host cannot do this (e.g. a native dialog in browser mode); AppInfo.capabilities tells beforehand. */
  'unsupported',
  /** The caller may not use the API (e.g. an IPC call from a page that is not the app's). */
  'forbidden',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Field-level details for invalid-input. */
  details?: Array<{ field: string; message: string }>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: AppError['details']): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** An error that carries a code to the edge of a service, where it becomes a Result. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: AppError['details'],
  ) {
    super(message);
    this.name = 'AppFailure';
  }

  toError(): AppError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
