import { HttpError } from '../../http/errors.js';

export type MediaErrorCode =
  | 'NOT_AN_IMAGE'
  | 'TOO_MANY_PIXELS'
  | 'NOT_A_VIDEO'
  | 'TOO_LONG'
  | 'TOO_LARGE'
  | 'FFMPEG_MISSING'
  | 'TRANSCODE_FAILED';

/*
 * Each code carries the status a route should answer with, so a plugin that runs a pipeline inside
 * a request can let the error propagate and the kernel's error handler produces the right body.
 * FFMPEG_MISSING is the operator's problem, not the uploader's: 503, and it is logged as such.
 */
const STATUS: Record<MediaErrorCode, number> = {
  NOT_AN_IMAGE: 415,
  NOT_A_VIDEO: 415,
  TOO_MANY_PIXELS: 413,
  TOO_LARGE: 413,
  TOO_LONG: 422,
  TRANSCODE_FAILED: 422,
  FFMPEG_MISSING: 503,
};

/**
 * A media pipeline refused or failed on an input. `details` is public (it reaches the client in the
 * error body), so it holds only facts about the upload; ffmpeg's own output, which names server
 * paths, stays in `log` for the job that ran it.
 */
export class MediaError extends HttpError {
  declare readonly code: MediaErrorCode;
  readonly log: string | undefined;

  constructor(code: MediaErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown; log?: string } = {}) {
    super(STATUS[code], code, message, options.details ?? null);
    this.name = 'MediaError';
    this.log = options.log;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

export function isMediaError(error: unknown, code?: MediaErrorCode): error is MediaError {
  return error instanceof MediaError && (code === undefined || error.code === code);
}
