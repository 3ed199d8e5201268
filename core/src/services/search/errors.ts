import { HttpError } from '../../http/errors.js';

export type SearchErrorCode =
  | 'INVALID_QUERY'
  | 'INVALID_CURSOR'
  | 'UNKNOWN_INDEX'
  | 'INVALID_INDEX'
  | 'INVALID_DOCUMENT'
  | 'SEARCH_BACKEND_ERROR'
  | 'SEARCH_UNAVAILABLE';

/**
 * What the caller did wrong decides the status: a bad query or cursor comes from the end user
 * (400), a bad declaration or document is the plugin's bug (500), and a failing backend is
 * Meilisearch being down or refusing (502/503), so a search route can let the error through.
 */
const statusOf: Record<SearchErrorCode, number> = {
  INVALID_QUERY: 400,
  INVALID_CURSOR: 400,
  UNKNOWN_INDEX: 400,
  INVALID_INDEX: 500,
  INVALID_DOCUMENT: 500,
  SEARCH_BACKEND_ERROR: 502,
  SEARCH_UNAVAILABLE: 503,
};

export class SearchError extends HttpError {
  declare readonly code: SearchErrorCode;

  constructor(code: SearchErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(statusOf[code], code, message, options.details ?? null);
    this.name = 'SearchError';
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
