import { session } from './session-store.js';

/** The kernel's error body, `{"error":{"code","message","details"}}`, as a thrown value. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one field of a `VALIDATION_FAILED` answer, if the server named it. */
  fieldMessage(field: string): string | undefined {
    const details = this.details as { fields?: Array<{ field?: string; path?: string; message: string }> } | Array<{ field?: string; path?: string; message: string }> | undefined;
    const list = Array.isArray(details) ? details : details?.fields;
    return list?.find((d) => (d.field ?? d.path ?? '').replace(/^\//, '') === field)?.message;
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Raw body (a File or Blob) sent with its own content type instead of JSON. */
  raw?: Blob;
  signal?: AbortSignal;
  /** Leave the access token out (sign-in, sign-up). */
  anonymous?: boolean;
}

function url(path: string, query?: RequestOptions['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send<T>(method: string, path: string, options: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang || 'en' };
  let body: BodyInit | undefined;
  if (options.raw) {
    body = options.raw;
    headers['content-type'] = options.raw.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const token = options.anonymous ? null : session.accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url(path, options.query), { method, headers, body, signal: options.signal });
  if (response.status === 401 && token && !retried && (await session.refresh())) return send<T>(method, path, options, true);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_' + response.status, error?.message ?? response.statusText, error?.details);
  }
  return data as T;
}

/** JSON calls to the PetAmigos API with the signed-in user's token, refreshed once on 401. */
export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body' | 'raw'>) => send<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => send<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => send<T>('DELETE', path, options),
  /** Sends a file as the raw request body (how the kernel and plugins take uploads). */
  upload: <T>(path: string, file: Blob, method: 'POST' | 'PUT' = 'POST') => send<T>(method, path, { raw: file }),
};
