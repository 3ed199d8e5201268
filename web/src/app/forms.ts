import { ApiError } from '../sdk/api.js';
import type { Translate } from '../sdk/i18n.js';

/** What a form shows after a failed request: a message by each field the server named, and one for the form. */
export interface FormErrors {
  fields: Record<string, string>;
  general?: string;
}

export const NO_ERRORS: FormErrors = { fields: {} };

// Schema keywords the kernel's validator reports, with the app's own wording for each (the
// server's per-field texts are English, its top message names the field by its JSON path).
const KEYWORD_KEYS: Record<string, string> = {
  required: 'form.required',
  format: 'form.invalid',
  pattern: 'form.invalid',
  minLength: 'form.tooShort',
  maxLength: 'form.tooLong',
};

interface ValidationDetail {
  field?: string;
  keyword?: string;
  params?: { limit?: number };
}

/**
 * Spreads an API error over a form. Errors that name a field (`VALIDATION_FAILED` details, a
 * `details.field`, or a code the caller ties to a field such as `WEAK_PASSWORD` → `password`)
 * go next to that field, in the server's localized message where it has one; the rest go on top.
 */
export function formErrors(error: unknown, t: Translate, fieldsOf: Record<string, string> = {}, fieldNames: string[] = []): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, general: t('common.networkError') };
  if (error.status === 0) return { fields: {}, general: t('common.networkError') };
  const fields: Record<string, string> = {};
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
    for (const detail of error.details as ValidationDetail[]) {
      const field = detail.field?.split('.')[0];
      if (!field || (fieldNames.length > 0 && !fieldNames.includes(field)) || fields[field]) continue;
      fields[field] = t(KEYWORD_KEYS[detail.keyword ?? ''] ?? 'form.invalid', { limit: detail.params?.limit ?? 0 });
    }
    return Object.keys(fields).length > 0 ? { fields } : { fields, general: error.message };
  }
  const named = (error.details as { field?: unknown } | null | undefined)?.field;
  const field = typeof named === 'string' ? named : fieldsOf[error.code];
  if (field && (fieldNames.length === 0 || fieldNames.includes(field))) return { fields: { [field]: error.message } };
  return { fields, general: error.message };
}

/** A path inside this site to go to after signing in; anything else (another origin, `//evil`) is ignored. */
export function safeNext(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/** The path of a page some enabled plugin offers, if one does (e.g. `/onboarding`). */
export function hasPluginPage(plugins: Array<{ pages: Array<{ path: string }> }>, path: string): boolean {
  return plugins.some((plugin) => plugin.pages.some((page) => page.path === path));
}
