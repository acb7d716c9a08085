import { describeFailure, type Errors } from '../ui/forms';
import { isSendable } from './counter';

/** What a card form shows once it has tried to send. */
export interface CardSent {
  sent: boolean;
  errors: Errors;
  banner: string;
}

/**
 * Both card forms send alike, so they refuse alike: text that is only whitespace or over the
 * limit never leaves the browser (the counter already says what is too long; empty text gets
 * `empty`), the text goes trimmed, and a refusal comes back as the fields' errors and a banner.
 */
export async function sendCard(
  text: string,
  empty: string,
  send: (trimmed: string) => Promise<unknown>,
): Promise<CardSent> {
  if (!isSendable(text)) return { sent: false, errors: text.trim() ? {} : { text: empty }, banner: '' };
  try {
    await send(text.trim());
    return { sent: true, errors: {}, banner: '' };
  } catch (err) {
    const { fields, banner } = describeFailure(err, ['text', 'polarity', 'friction']);
    return { sent: false, errors: fields, banner };
  }
}
