import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { CARD_TEXT_MAX } from './counter';
import { sendCard } from './sendCard';

describe('sendCard', () => {
  it('sends the text trimmed', async () => {
    const send = vi.fn(() => Promise.resolve());
    expect(await sendCard('  spec changed  ', 'empty!', send)).toEqual({ sent: true, errors: {}, banner: '' });
    expect(send).toHaveBeenCalledWith('spec changed');
  });

  it('keeps empty text in the browser and says so on the field', async () => {
    const send = vi.fn(() => Promise.resolve());
    expect(await sendCard('   ', 'empty!', send)).toEqual({ sent: false, errors: { text: 'empty!' }, banner: '' });
    expect(send).not.toHaveBeenCalled();
  });

  it('keeps text over the limit in the browser, where the counter already says why', async () => {
    const send = vi.fn(() => Promise.resolve());
    const found = await sendCard('x'.repeat(CARD_TEXT_MAX + 1), 'empty!', send);
    expect(found).toEqual({ sent: false, errors: {}, banner: '' });
    expect(send).not.toHaveBeenCalled();
  });

  it('puts a refusal on the field it is about', async () => {
    const refusal = new ApiError(422, 'validation_error', 'Check the form.', [
      { field: 'text', message: 'Too long for this board.' },
    ]);
    const found = await sendCard('a card', 'empty!', () => Promise.reject(refusal));
    expect(found).toEqual({ sent: false, errors: { text: 'Too long for this board.' }, banner: '' });
  });

  it('puts a failure about no field in the banner', async () => {
    const found = await sendCard('a card', 'empty!', () => Promise.reject(new Error('offline')));
    expect(found).toMatchObject({ sent: false, errors: {} });
    expect(found.banner).not.toBe('');
  });
});
