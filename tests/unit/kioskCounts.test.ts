import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FaceTracker, type TrackInput } from '../../src/core/tracker';
import {
  addPerson,
  countsCsv,
  emptyCounts,
  hourKey,
  hourRows,
  parseCounts,
  serializeCounts,
  totals,
  type KioskCounts,
} from '../../src/core/kioskCounts';

// Local times, so the tests hold in any time zone.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute);

describe('hourKey', () => {
  it('is the local hour, zero-padded', () => {
    expect(hourKey(at(27, 9, 59))).toBe('2026-11-27 09:00');
    expect(hourKey(at(3, 0, 0))).toBe('2026-11-03 00:00');
    expect(hourKey(new Date(2026, 0, 1, 23, 30).getTime())).toBe('2026-01-01 23:00');
  });

  it('rejects an invalid time', () => {
    expect(() => hourKey(Number.NaN)).toThrow(/not a valid time/);
  });
});

describe('addPerson', () => {
  it('counts each person once in their hour, by mask state', () => {
    let c = emptyCounts();
    c = addPerson(c, 'wear', at(27, 9, 5));
    c = addPerson(c, 'wear', at(27, 9, 40));
    c = addPerson(c, 'not_wear', at(27, 9, 59));
    c = addPerson(c, 'incorrect', at(27, 10, 0));
    expect(c).toEqual({
      version: 1,
      hours: {
        '2026-11-27 09:00': { wear: 2, incorrect: 0, not_wear: 1 },
        '2026-11-27 10:00': { wear: 0, incorrect: 1, not_wear: 0 },
      },
    });
  });

  it('returns a new object and leaves the old one as it was', () => {
    const a = addPerson(emptyCounts(), 'wear', at(27, 9));
    const b = addPerson(a, 'wear', at(27, 9));
    expect(a.hours['2026-11-27 09:00'].wear).toBe(1);
    expect(b.hours['2026-11-27 09:00'].wear).toBe(2);
  });

  it('keeps only the most recent keepHours hours', () => {
    let c = emptyCounts();
    for (let h = 0; h < 5; h++) c = addPerson(c, 'wear', at(27, h), 3);
    expect(Object.keys(c.hours).sort()).toEqual(['2026-11-27 02:00', '2026-11-27 03:00', '2026-11-27 04:00']);
  });

  it('rejects an unknown mask state and a bad keepHours', () => {
    expect(() => addPerson(emptyCounts(), 'chin' as never, at(27, 9))).toThrow('unknown mask state "chin"');
    expect(() => addPerson(emptyCounts(), 'wear', at(27, 9), 0)).toThrow('keepHours must be >= 1, got 0');
  });
});

describe('rows, totals, reset', () => {
  const counts: KioskCounts = {
    version: 1,
    hours: {
      '2026-11-27 10:00': { wear: 0, incorrect: 1, not_wear: 0 },
      '2026-11-26 23:00': { wear: 4, incorrect: 2, not_wear: 1 },
      '2026-11-27 09:00': { wear: 2, incorrect: 0, not_wear: 1 },
    },
  };

  it('hourRows: oldest first, with people per hour', () => {
    expect(hourRows(counts)).toEqual([
      { hour: '2026-11-26 23:00', people: 7, wear: 4, incorrect: 2, not_wear: 1 },
      { hour: '2026-11-27 09:00', people: 3, wear: 2, incorrect: 0, not_wear: 1 },
      { hour: '2026-11-27 10:00', people: 1, wear: 0, incorrect: 1, not_wear: 0 },
    ]);
  });

  it('totals', () => {
    expect(totals(counts)).toEqual({ people: 11, wear: 6, incorrect: 3, not_wear: 2 });
    expect(totals(emptyCounts())).toEqual({ people: 0, wear: 0, incorrect: 0, not_wear: 0 });
  });

  it('emptyCounts resets to nothing', () => {
    expect(emptyCounts()).toEqual({ version: 1, hours: {} });
    expect(emptyCounts()).not.toBe(emptyCounts());
  });

  it('countsCsv: header then one row per hour', () => {
    expect(countsCsv(counts)).toBe(
      'hour,people,wear,incorrect,not_wear\r\n' +
        '2026-11-26 23:00,7,4,2,1\r\n' +
        '2026-11-27 09:00,3,2,0,1\r\n' +
        '2026-11-27 10:00,1,0,1,0\r\n',
    );
    expect(countsCsv(emptyCounts(), { bom: true })).toBe('\ufeffhour,people,wear,incorrect,not_wear\r\n');
    const parsed = Papa.parse<Record<string, string>>(countsCsv(counts), { header: true, skipEmptyLines: true });
    expect(parsed.data[0]).toEqual({ hour: '2026-11-26 23:00', people: '7', wear: '4', incorrect: '2', not_wear: '1' });
  });
});

describe('serializeCounts / parseCounts', () => {
  it('round-trips', () => {
    let c = addPerson(emptyCounts(), 'wear', at(27, 9));
    c = addPerson(c, 'not_wear', at(27, 11));
    expect(parseCounts(serializeCounts(c))).toEqual({ counts: c });
  });

  it.each([null, undefined, ''])('nothing stored (%j) is empty counts without a problem', (text) => {
    expect(parseCounts(text)).toEqual({ counts: emptyCounts() });
  });

  it.each([
    ['{"version":1,"hours":', /^stored counts are not JSON \(.+\); starting again$/],
    ['[1,2]', /^stored counts have an unknown format; starting again$/],
    ['null', /unknown format/],
    ['{"version":2,"hours":{}}', /unknown format/],
    ['{"version":1}', /unknown format/],
  ])('unreadable %j is empty counts with a problem', (text, problem) => {
    const r = parseCounts(text);
    expect(r.counts).toEqual(emptyCounts());
    expect(r.problem?.message).toMatch(problem);
    expect(r.problem?.code).toMatch(/^counts-(not-json|unknown-format)$/);
  });

  it('drops bad hours, keeps the good ones, and says which', () => {
    const text = JSON.stringify({
      version: 1,
      hours: {
        '2026-11-27 09:00': { wear: 1, incorrect: 0, not_wear: 2 },
        '2026-11-27 10:00': { wear: -1, incorrect: 0, not_wear: 0 },
        '2026-11-27 11:00': { wear: 1.5, incorrect: 0, not_wear: 0 },
        '2026-11-27 12:00': { wear: 1, incorrect: 0 },
        yesterday: { wear: 1, incorrect: 0, not_wear: 0 },
        '2026-11-27 13:00': { wear: 0, incorrect: 3, not_wear: 0, extra: 'x' },
      },
    });
    const r = parseCounts(text);
    expect(r.counts).toEqual({
      version: 1,
      hours: {
        '2026-11-27 09:00': { wear: 1, incorrect: 0, not_wear: 2 },
        '2026-11-27 13:00': { wear: 0, incorrect: 3, not_wear: 0 },
      },
    });
    const hours = '2026-11-27 10:00, 2026-11-27 11:00, 2026-11-27 12:00, yesterday';
    expect(r.problem?.message).toBe(`dropped unreadable stored counts for ${hours}`);
    expect(r.problem?.toData()).toEqual({ code: 'counts-dropped-hours', params: { hours } });
  });
});

describe('counting people from the tracker', () => {
  const face = (x: number, mask: number): TrackInput => ({
    box: { x, y: 0, w: 40, h: 40 },
    heads: { mask: { label: mask }, gender: { label: 0 }, age: { label: 0 } },
  });

  it('counts each person once, when their label settles, in the hour it settles', () => {
    const tracker = new FaceTracker({ window: 5, settleFrames: 3, maxMissed: 2 });
    let counts = emptyCounts();
    // Person A (mask worn, one odd frame) and, from frame 3, person B (no mask).
    const frames: TrackInput[][] = [
      [face(0, 0)],
      [face(1, 2)],
      [face(2, 0), face(200, 2)],
      [face(3, 0), face(201, 2)],
      [face(4, 0), face(202, 2)],
      [face(5, 0), face(203, 2)],
      [], // both leave...
      [],
      [face(0, 1)], // ...and someone new stands where A was
      [face(1, 1)],
      [face(2, 1)],
    ];
    frames.forEach((faces, i) => {
      const u = tracker.update(faces);
      for (const t of u.settled) counts = addPerson(counts, t.label.mask, at(27, 9, i));
    });
    expect(counts.hours).toEqual({ '2026-11-27 09:00': { wear: 1, incorrect: 1, not_wear: 1 } });
    expect(totals(counts).people).toBe(3);
  });
});
