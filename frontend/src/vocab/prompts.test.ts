import { afterEach, describe, expect, it } from 'vitest';
import { preload } from '../i18n/catalogue';
import { useLanguage } from '../i18n/language';
import { builtinPromptWords, promptGroupLabel, promptGroupWords, promptText } from './prompts';

const values = { clarifying_questions_below: '7' };
const ours = { id: 'rp.clarifying_questions', text: 'Fewer than 7?', builtin: true };

describe('guided prompts in the reader’s language', () => {
  afterEach(() => useLanguage('en'));

  it('words a built-in prompt from the catalogue, with the team’s thresholds filled in', () => {
    expect(promptText(ours, builtinPromptWords.get(), values)).toBe(
      'How many clarifying questions came up mid-sprint? Fewer than 7 is a healthy sprint.',
    );
    expect(promptGroupLabel('technical_debt', promptGroupWords.get(), 'x')).toBe('Technical Debt');
  });

  it('keeps a team’s own words, and an id this build does not know, as the server sent them', () => {
    expect(promptText({ ...ours, builtin: false }, builtinPromptWords.get(), values)).toBe('Fewer than 7?');
    expect(promptText({ ...ours, id: 'rp.new_one' }, builtinPromptWords.get(), values)).toBe('Fewer than 7?');
    expect(promptGroupLabel('brand_new', promptGroupWords.get(), 'Brand new')).toBe('Brand new');
  });

  it('speaks German and French once they are loaded', async () => {
    useLanguage('de');
    await preload('de');
    expect(promptText(ours, builtinPromptWords.get(), values)).toBe(
      'Wie viele Rückfragen kamen mitten im Sprint auf? Weniger als 7 stehen für einen gesunden Sprint.',
    );
    expect(promptGroupLabel('execution', promptGroupWords.get(), 'Execution')).toBe('Umsetzung');
    useLanguage('fr');
    await preload('fr');
    expect(promptGroupLabel('technical_debt', promptGroupWords.get(), 'x')).toBe('Dette technique');
    expect(promptText({ ...ours, builtin: false }, builtinPromptWords.get(), values)).toBe('Fewer than 7?');
  });
});
