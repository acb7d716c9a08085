/** Invite links as people share them: always on this instance's own origin. */

export function inviteUrl(token: string, origin: string = window.location.origin): string {
  return `${origin}/invite/${encodeURIComponent(token)}`;
}

/**
 * What the "Expires in" picker offers, in hours; the API allows 1–720 and defaults to 168. The
 * shortest is for a link dropped into a meeting's chat, which should not outlive the meeting.
 */
export const EXPIRY_CHOICES: readonly number[] = [1, 8, 24, 72, 168, 336, 720];

export const DEFAULT_EXPIRY_HOURS = 168;

/** Invites still usable at `now`: not revoked and not expired. */
export function activeInvites<T extends { revoked: boolean; expires_at: string }>(
  invites: readonly T[],
  now = Date.now(),
): T[] {
  return invites.filter((i) => !i.revoked && new Date(i.expires_at).getTime() > now);
}

/**
 * A link to hand out again for a retro instead of minting a new one: usable, for that retro, of
 * the wanted kind (guests only or not), and the one that lasts longest.
 */
export function reusableInvite<
  T extends { revoked: boolean; expires_at: string; retro_id: string | null; guests_only: boolean },
>(invites: readonly T[], retroId: string, guestsOnly: boolean, now = Date.now()): T | null {
  const fitting = activeInvites(invites, now).filter(
    (i) => i.retro_id === retroId && i.guests_only === guestsOnly,
  );
  fitting.sort((a, b) => Date.parse(b.expires_at) - Date.parse(a.expires_at));
  return fitting[0] ?? null;
}
