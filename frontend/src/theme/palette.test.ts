import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHex, tokensOf } from './contrast';

const css = readFileSync(new URL('../styles/app.css', import.meta.url), 'utf8');
const THEMES = {
  light: tokensOf(css, ":root[data-theme='light']"),
  dark: tokensOf(css, ":root[data-theme='dark']"),
};
const SURFACES = ['--bg', '--surface', '--surface-2'];

/** Text on the backgrounds it is written on somewhere in the app (AA: 4.5:1). */
const TEXT_PAIRS: [string, string][] = [
  ...['--text', '--text-2', '--text-3', '--accent', '--danger', '--success', '--warn'].flatMap((fg) =>
    SURFACES.map((bg): [string, string] => [fg, bg]),
  ),
  ...['--went-well', '--didnt', '--proposal'].flatMap((fg) => [...SURFACES, `${fg}-soft`].map((bg): [string, string] => [fg, bg])),
  ['--accent-text', '--accent'],
  ['--accent-text', '--accent-hover'],
  ['--danger-text', '--danger'],
  ['--danger-text', '--danger-hover'],
  ['--accent', '--accent-soft'],
  ['--accent-strong', '--accent-soft'],
  ['--danger-strong', '--danger-soft'],
  ['--success-strong', '--success-soft'],
  ['--warn-strong', '--warn-soft'],
  ['--warn', '--warn-soft'],
  ['--success', '--success-soft'],
  ['--danger', '--danger-soft'],
  ['--text', '--accent-soft'],
  ['--text-2', '--went-well-soft'],
  ['--toast-text', '--toast-bg'],
];

/** Marks that carry meaning without words of their own: column colours and chart lines (3:1). */
const MARKS = [
  ...[0, 1, 2, 3, 4, 5].map((i) => `--lane-${i}`),
  ...['blue', 'orange', 'green', 'red', 'purple', 'teal'].map((c) => `--chart-${c}`),
  '--radar-product',
  '--radar-engineering',
  '--focus',
];
const MARK_PAIRS: [string, string][] = MARKS.flatMap((fg) => SURFACES.map((bg): [string, string] => [fg, bg]));

function solid(theme: Map<string, string>, token: string) {
  const value = theme.get(token);
  expect(value, `${token} is declared`).toBeDefined();
  const rgb = parseHex(value!);
  expect(rgb, `${token} (${value}) is a solid hex colour`).not.toBeNull();
  return rgb!;
}

describe.each(Object.entries(THEMES))('the %s palette', (name, theme) => {
  it('declares the same tokens as the other theme', () => {
    const other = name === 'light' ? THEMES.dark : THEMES.light;
    expect([...theme.keys()].sort()).toEqual([...other.keys()].sort());
  });

  it.each(TEXT_PAIRS)('%s on %s reaches AA for text (4.5:1)', (fg, bg) => {
    expect(contrastRatio(solid(theme, fg), solid(theme, bg))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(MARK_PAIRS)('%s on %s reaches 3:1 for graphics', (fg, bg) => {
    expect(contrastRatio(solid(theme, fg), solid(theme, bg))).toBeGreaterThanOrEqual(3);
  });
});

describe('contrast maths', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBe(1);
    expect(contrastRatio(parseHex('#777')!, parseHex('#fff')!)).toBeCloseTo(4.48, 2);
  });

  it('reads only solid hex colours', () => {
    expect(parseHex('#abc')).toEqual([170, 187, 204]);
    expect(parseHex('rgb(0 0 0 / 10%)')).toBeNull();
    expect(parseHex('#12345')).toBeNull();
  });

  it('collects the tokens of a selector from every rule that names it', () => {
    const tokens = tokensOf(':root, .a { --x: #fff; } /* --y: #000; */ .b { --z: #111; } .a { --w: #222; }', '.a');
    expect([...tokens.entries()]).toEqual([['--x', '#fff'], ['--w', '#222']]);
  });
});
