/** Client-side checks that mirror the API's password rules, so mistakes show before sending. */
import { passwordWords } from './account.messages';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function newPasswordError(value: string): string {
  const t = passwordWords.get();
  if (!value) return t.choose;
  if (value.length < PASSWORD_MIN) return t.atLeast(PASSWORD_MIN);
  if (value.length > PASSWORD_MAX) return t.atMost(PASSWORD_MAX);
  return '';
}

export function repeatError(password: string, repeated: string): string {
  const t = passwordWords.get();
  if (!repeated) return t.repeatMissing;
  return repeated === password ? '' : t.mismatch;
}
