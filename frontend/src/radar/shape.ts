/** The geometry of the health radar: one spoke per dimension, a score's distance along it. */
import { formatFixed } from '../ui/format';
import type { RadarDimension, RadarSide } from '../api/types';

export const SCORE_MAX = 5;
export type SideKey = 'product' | 'engineering';
export const SIDES: readonly SideKey[] = ['product', 'engineering'];
export const SIDE_LABELS: Readonly<Record<SideKey, string>> = {
  product: 'Product',
  engineering: 'Engineering',
};

export interface Point {
  x: number;
  y: number;
}

/** Where `score` (0 to 5) sits on spoke `index` of `count`, the first spoke pointing up. */
export function spokePoint(index: number, count: number, score: number, radius: number): Point {
  const angle = (2 * Math.PI * index) / count - Math.PI / 2;
  const r = (radius * Math.max(0, Math.min(score, SCORE_MAX))) / SCORE_MAX;
  return { x: round(r * Math.cos(angle)), y: round(r * Math.sin(angle)) };
}

/** A side's vertices: one per dimension where the side is shown, in spoke order. A dimension
 * with too few answers has no vertex, so nothing is drawn from a number nobody may see. */
export function sidePoints(dimensions: readonly RadarDimension[], side: SideKey, radius: number): Point[] {
  return dimensions.flatMap((d, i) => {
    const score: RadarSide = d[side];
    return score.shown && score.average !== null ? [spokePoint(i, dimensions.length, score.average, radius)] : [];
  });
}

export function pointsAttr(points: readonly Point[]): string {
  return points.map((p) => `${p.x},${p.y}`).join(' ');
}

/** The gap as people read it: "+2.1" when product rates higher, "−0.4" when engineering does. */
export function gapText(gap: number | null | undefined): string {
  if (gap === null || gap === undefined) return '—';
  if (gap === 0) return formatFixed(0);
  return `${gap > 0 ? '+' : '−'}${formatFixed(Math.abs(gap))}`;
}

export function sideText(score: RadarSide): string {
  return score.shown && score.average !== null
    ? `${score.average.toFixed(1)} (${score.count} answers)`
    : 'too few answers';
}

function round(n: number): number {
  return Math.round(n * 10) / 10 || 0; // never -0
}
