/**
 * Chart colours by name. They are CSS custom properties so each theme sets its own shade; SVG
 * and HTML use them as they are, and a canvas (which cannot read CSS) asks for the value in
 * force when it draws.
 */
export const CHART = {
  blue: 'var(--chart-blue)',
  orange: 'var(--chart-orange)',
  green: 'var(--chart-green)',
  red: 'var(--chart-red)',
  purple: 'var(--chart-purple)',
  teal: 'var(--chart-teal)',
} as const;

const VAR = /^var\((--[\w-]+)\)$/;

/** `var(--name)` as the colour it stands for now on `el`; any other colour unchanged. */
export function resolveColor(color: string, el: Element | null = globalThis.document?.documentElement ?? null): string {
  const name = VAR.exec(color.trim())?.[1];
  if (!name || !el) return color;
  return getComputedStyle(el).getPropertyValue(name).trim() || color;
}
