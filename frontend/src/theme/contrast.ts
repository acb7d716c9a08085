/** WCAG 2 contrast between two colours, and reading a theme's tokens out of a stylesheet. */

export type Rgb = [number, number, number];

/** `#rgb` or `#rrggbb`; anything else (rgb() with alpha, var()) is not a solid colour. */
export function parseHex(color: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The custom properties declared in every rule whose selector list includes `selector`. */
export function tokensOf(css: string, selector: string): Map<string, string> {
  const tokens = new Map<string, string>();
  const rule = /([^{}]+)\{([^{}]*)\}/g;
  for (const [, selectors, body] of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(rule)) {
    if (!selectors!.split(',').some((s) => s.trim() === selector)) continue;
    for (const [, name, value] of body!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) tokens.set(name!, value!.trim());
  }
  return tokens;
}
