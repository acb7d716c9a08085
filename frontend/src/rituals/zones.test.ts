import { describe, expect, it } from 'vitest';
import { allZones, checkZone, resolveZone, searchZones, zoneOffset, zoneOption } from './zones';

const ZONES = [
  'America/Argentina/Buenos_Aires',
  'America/New_York',
  'Asia/Calcutta',
  'Asia/Tokyo',
  'Europe/Berlin',
  'Europe/Berlin_Test',
  'UTC',
];

describe('time zones', () => {
  it('list every zone the browser knows, UTC included', () => {
    const zones = allZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.length).toBeGreaterThan(300);
  });

  it('name a zone by its city and region', () => {
    expect(zoneOption('America/Argentina/Buenos_Aires')).toEqual({
      id: 'America/Argentina/Buenos_Aires',
      city: 'Buenos Aires',
      region: 'America / Argentina',
    });
    expect(zoneOption('Asia/Calcutta').city).toBe('Kolkata');
    expect(zoneOption('UTC')).toEqual({ id: 'UTC', city: 'UTC', region: '' });
  });

  it('find zones by city, by a word of the city, by region or by today’s name', () => {
    expect(searchZones('berl', ZONES).map((z) => z.id)).toEqual(['Europe/Berlin', 'Europe/Berlin_Test']);
    expect(searchZones('york', ZONES).map((z) => z.id)).toEqual(['America/New_York']);
    expect(searchZones('new york', ZONES).map((z) => z.id)).toEqual(['America/New_York']);
    expect(searchZones('Kolkata', ZONES).map((z) => z.id)).toEqual(['Asia/Calcutta']);
    expect(searchZones('calcutta', ZONES).map((z) => z.id)).toEqual(['Asia/Calcutta']);
    expect(searchZones('asia', ZONES).map((z) => z.id)).toEqual(['Asia/Calcutta', 'Asia/Tokyo']);
    expect(searchZones('  ', ZONES)).toEqual([]);
    expect(searchZones('atlantis', ZONES)).toEqual([]);
    expect(searchZones('e', allZones(), 5)).toHaveLength(5);
  });

  it('turn a city typed in full into its zone, and refuse what is no zone', () => {
    expect(resolveZone('Europe/Berlin', ZONES)).toBe('Europe/Berlin');
    expect(resolveZone('tokyo', ZONES)).toBe('Asia/Tokyo');
    expect(resolveZone('Buenos Aires', ZONES)).toBe('America/Argentina/Buenos_Aires');
    expect(resolveZone('Ber', ZONES)).toBeNull();
    expect(checkZone('Europe/Berlin', ZONES)).toBe('');
    expect(checkZone('', ZONES)).toBe('Pick the time zone the meeting is held in.');
    expect(checkZone('Mars/Olympus', ZONES)).toMatch(/^Pick a time zone from the list/);
  });

  it('show a zone’s offset from UTC', () => {
    expect(zoneOffset('Asia/Tokyo', new Date('2026-01-15T00:00:00Z'))).toBe('UTC+9');
    expect(zoneOffset('Europe/Berlin', new Date('2026-07-15T00:00:00Z'))).toBe('UTC+2');
    expect(zoneOffset('Nowhere/Special')).toBe('');
  });
});
