import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINAL_CLOSES } from '../live/client';
import { FLAG_PROMPTS, FLAG_THRESHOLDS, VOICE_FLAG_WORDS, flagPrompt, flagThreshold } from './flags';
import { ERROR_MESSAGES } from './errorWords';
import { closeMessage } from './closes';
import { errorMessage } from './labels';

/** The server's own list of codes, as published in its OpenAPI schema. */
function serverEnum(name: string, fewest = 6): string[] {
  const spec = JSON.parse(readFileSync(new URL('../api/openapi.json', import.meta.url), 'utf8')) as {
    components: { schemas: Record<string, { enum?: string[] }> };
  };
  const values = spec.components.schemas[name]?.enum ?? [];
  expect(values.length).toBeGreaterThanOrEqual(fewest);
  return values;
}

describe('message catalogue', () => {
  it('has words for every error code the server can answer with', () => {
    const codes = serverEnum('ErrorCode');
    expect(codes).toContain('wrong_phase');
    for (const code of codes) {
      expect(ERROR_MESSAGES, code).toHaveProperty(code);
      // A code the server words generically still reads as a sentence.
      expect(errorMessage(code, {}, 'As the server said.'), code).not.toBe('');
    }
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...codes].sort());
  });

  it('has a question and a healthy range for every flag code', () => {
    const codes = serverEnum('FlagCode');
    expect(Object.keys(FLAG_PROMPTS).sort()).toEqual([...codes].sort());
    expect(Object.keys(FLAG_THRESHOLDS).sort()).toEqual([...codes].sort());
  });

  it('has words for every equal-voice flag', () => {
    expect(Object.keys(VOICE_FLAG_WORDS).sort()).toEqual([...serverEnum('VoiceFlag', 4)].sort());
  });

  it('has words for every close code that ends a board for good', () => {
    for (const code of FINAL_CLOSES) expect(closeMessage(code), String(code)).toBeTruthy();
  });

  it('builds messages from parameters, not from the server sentence', () => {
    expect(errorMessage('rate_limited', { retry_after: 1 }, 'Slow down.')).toBe(
      'Too many attempts. Try again in 1 second.',
    );
    expect(errorMessage('rate_limited', { retry_after: 30 })).toBe('Too many attempts. Try again in 30 seconds.');
    expect(errorMessage('payload_too_large', {}, 'The request body is over 64 KiB.')).toBe('That is too large to send.');
    // Codes that name a kind of failure keep the server's more precise sentence for now.
    expect(errorMessage('not_found', {}, 'Card not found.')).toBe('Card not found.');
    // A code this build does not know yet still shows what the server said.
    expect(errorMessage('brand_new_code', {}, 'Something new.')).toBe('Something new.');
  });

  it('words flags the way the server words them in English', () => {
    const questions = { code: 'clarifying_questions_high', value: 7, params: { ideal: 5 } };
    expect(flagPrompt(questions)).toBe(
      '7 clarifying questions came up mid-sprint — which stories reached development with gaps, and what would have caught them sooner?',
    );
    expect(flagThreshold(questions)).toBe('fewer than 5');
    const completion = { code: 'completion_low', value: 65, params: { ideal: 80, unit: 'points' } };
    expect(flagPrompt(completion)).toMatch(/^65% of the committed points were completed \(target 80%\)/);
    expect(flagThreshold(completion)).toBe('at least 80% of the committed points');
    expect(flagPrompt({ code: 'nps_fell', value: -12, params: { ideal: 0 } })).toMatch(/^NPS fell by 12 points/);
    expect(flagThreshold({ code: 'nps_rose_little', value: 2, params: { ideal: 5 } })).toBe('at least +5');
    expect(flagPrompt({ code: 'qa_rejections_high', value: 1, params: { ideal: 0 } })).toMatch(/^QA sent 1 story back/);
    expect(flagThreshold({ code: 'qa_rejections_high', value: 1, params: { ideal: 0 } })).toBe('at most 0 stories');
  });

  it('shows an unknown flag code plainly instead of failing', () => {
    expect(flagPrompt({ code: 'new_signal_high', value: 3, params: {} })).toBe('New signal high');
    expect(flagThreshold({ code: 'new_signal_high', value: 3, params: {} })).toBe('');
  });
});

describe('messages with parameters', () => {
  it('word the limits the server names', () => {
    expect(errorMessage('no_votes_left', { votes: 3 }, 'x')).toBe(
      'You have used all 3 of your votes; take one back to move it.',
    );
    expect(errorMessage('too_many_columns', { limit: 12 })).toBe('A retro can have at most 12 columns.');
    expect(errorMessage('same_phase', { phase: 'vote' })).toBe('The retro is already in vote.');
    expect(errorMessage('bad_transition', { status: 'done', target: 'in_progress' })).toBe(
      'An action item that is done cannot become in_progress; reopen it first.',
    );
    // Without the values a message needs, the server's sentence is shown instead.
    expect(errorMessage('bad_transition', {}, 'Only open action items are reviewed.')).toBe(
      'Only open action items are reviewed.',
    );
  });
});
