import { HttpError } from '../../http/errors.js';

export type StorageErrorCode = 'TOO_LARGE' | 'UNSUPPORTED_TYPE' | 'NOT_FOUND' | 'INVALID_KEY' | 'INVALID_RANGE';

const statusOf: Record<StorageErrorCode, number> = {
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  NOT_FOUND: 404,
  INVALID_KEY: 400,
  INVALID_RANGE: 416,
};

/**
 * A storage failure the caller can act on. It is an `HttpError` with the matching status, so a
 * route that streams an upload straight into `put()` and lets the error through answers 413, 415,
 * 404… with the kernel's error body, without translating anything.
 */
export class StorageError extends HttpError {
  declare readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, details: unknown = null) {
    super(statusOf[code], code, message, details);
    this.name = 'StorageError';
  }
}
