import { describe, expect, it } from 'vitest';
import type { RadarDimension } from '../api/types';
import { gapText, pointsAttr, sidePoints, sideText, spokePoint } from './shape';

const hidden = { shown: false, average: null, count: null };

function dim(dimension: RadarDimension['dimension'], product: number | null, engineering: number | null): RadarDimension {
  const side = (avg: number | null) => (avg === null ? hidden : { shown: true, average: avg, count: 3 });
  return { dimension, label: dimension, product: side(product), engineering: side(engineering), gap: null, team_defined: false };
}

describe('spokePoint', () => {
  it('puts the first spoke straight up and scales a score to the radius', () => {
    expect(spokePoint(0, 4, 5, 100)).toEqual({ x: 0, y: -100 });
    expect(spokePoint(1, 4, 2.5, 100)).toEqual({ x: 50, y: 0 });
    expect(spokePoint(2, 4, 10, 100)).toEqual({ x: 0, y: 100 });
  });
});

describe('sidePoints', () => {
  it('has a vertex only where the side is shown', () => {
    const dims = [dim('requirements_clarity', 5, 1), dim('tech_debt', null, 5), dim('communication', 5, null), dim('estimation', 5, 5)];
    expect(sidePoints(dims, 'product', 10)).toHaveLength(3);
    expect(pointsAttr(sidePoints(dims, 'engineering', 10))).toBe('0,-2 10,0 -10,0');
  });
});

describe('words', () => {
  it('says "too few answers" rather than a number, and signs the gap', () => {
    expect(sideText(hidden)).toBe('too few answers');
    expect(sideText({ shown: true, average: 4.2, count: 3 })).toBe('4.2 (3 answers)');
    expect(gapText(2.1)).toBe('+2.1');
    expect(gapText(-0.4)).toBe('−0.4');
    expect(gapText(null)).toBe('—');
  });
});
