import { describe, expect, it } from 'vitest';
import { checkLabel, sameWords } from './dimensions';

describe('a radar dimension label', () => {
  it('is accepted when it is one line of 2 to 40 characters unlike the others', () => {
    expect(checkLabel('  On-call   load ', [])).toBe('');
    expect(checkLabel('Design hand-off', ['On-call load'])).toBe('');
  });

  it('is refused too short, too long, or over more than one line', () => {
    expect(checkLabel('x', [])).toMatch(/2 to 40 characters/);
    expect(checkLabel('y'.repeat(41), [])).toMatch(/2 to 40 characters/);
    expect(checkLabel('On-call\nload', [])).toMatch(/one line/);
  });

  it('is refused when it reads like one of the five or another of the team', () => {
    expect(checkLabel('TECH  debt', [])).toBe('The radar already asks about “Tech debt”; give this dimension another label.');
    expect(checkLabel('on-call load', ['On-call load'])).toMatch(/“On-call load”/);
    expect(sameWords('Ｏｎ-call  Load')).toBe('on-call load');
  });
});
