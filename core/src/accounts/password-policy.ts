import { HttpError } from '../http/errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

export type PasswordRule = 'min_length' | 'max_length' | 'contains_username' | 'contains_email' | 'common';

/** Throws a 400 naming the rule the password breaks, so the form can say exactly what to change. */
export function checkPassword(password: string, context: { username: string; email: string; minLength: number }): void {
  const lower = password.toLowerCase();
  const fail = (rule: PasswordRule, message: string) => {
    throw new HttpError(400, 'WEAK_PASSWORD', message, rule === 'min_length' ? { rule, min: context.minLength } : rule === 'max_length' ? { rule, max: 256 } : { rule });
  };
  if ([...password].length < context.minLength) fail('min_length', `The password must be at least ${context.minLength} characters long.`);
  if (password.length > 256) fail('max_length', 'The password must be at most 256 characters long.');
  if (context.username.length >= 3 && lower.includes(context.username.toLowerCase())) fail('contains_username', 'The password must not contain your username.');
  const local = context.email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && lower.includes(local)) fail('contains_email', 'The password must not contain your email address.');
  const stripped = lower.replace(/[\d!.?_-]+$/, '');
  if (COMMON_PASSWORDS.has(lower) || (stripped.length >= 4 && COMMON_PASSWORDS.has(stripped))) {
    fail('common', 'This password is one of the most commonly used ones; choose another.');
  }
}
