/** Client-side checks that mirror the API's password rules, so mistakes show before sending. */

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function newPasswordError(value: string): string {
  if (!value) return 'Choose a new password.';
  if (value.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (value.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return '';
}

export function repeatError(password: string, repeated: string): string {
  if (!repeated) return 'Type the new password again.';
  return repeated === password ? '' : 'The two passwords are not the same.';
}
