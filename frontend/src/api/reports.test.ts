import { describe, expect, it } from 'vitest';
import { inHand, reportBody } from './reports';
import type { ReportJob } from './types';

describe('reportBody', () => {
  it('asks for the latest sprints the page shows', () => {
    expect(reportBody('pptx', { last: 3 })).toEqual({ format: 'pptx', last: 3 });
  });

  it('asks for the dates the page shows, and no count with them', () => {
    expect(reportBody('pdf', { from: '2026-01-05', to: '2026-02-13' })).toEqual({
      format: 'pdf',
      from: '2026-01-05',
      to: '2026-02-13',
    });
  });
});

describe('reportBody in a language', () => {
  it('carries the reader\'s language, so the report is worded as the page is', () => {
    expect(reportBody('md', { last: 2 }, 'de')).toEqual({ format: 'md', last: 2, language: 'de' });
  });
});

describe('inHand', () => {
  const job = (status: ReportJob['status']) => ({ status }) as ReportJob;

  it('follows a report until it is done or failed', () => {
    expect(inHand(job('queued'))).toBe(true);
    expect(inHand(job('running'))).toBe(true);
    expect(inHand(job('done'))).toBe(false);
    expect(inHand(job('failed'))).toBe(false);
  });
});
