import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/core/manifest';

const HEADER = 'path,source,subject,mask,gender,age,age_group,quality,box';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

describe('parseManifest: good rows', () => {
  it('parses every column', () => {
    const r = parseManifest(csv('utkface/a.jpg,utkface,u1,wear,female,42,30-59,good,10 20 30 40'), 'm.csv');
    expect(r.issues).toEqual([]);
    expect(r.records).toEqual([
      {
        path: 'utkface/a.jpg',
        source: 'utkface',
        subject: 'u1',
        mask: 'wear',
        gender: 'female',
        age: 42,
        ageGroup: '30-59',
        quality: 'good',
        box: { x: 10, y: 20, w: 30, h: 40 },
        origin: 'm.csv:2',
      },
    ]);
  });

  it('keeps partial labels and fills defaults', () => {
    const r = parseManifest(
      csv(
        'a.jpg,,s1,incorrect,,,,,', // mask only, no source
        'b.jpg,x,s2,,male,,,,', // gender only
        'c.jpg,x,s3,,,,>=60,,', // age group only
        'd.jpg,x,s4,,,7,,,', // age only -> group derived
      ),
    );
    expect(r.issues).toEqual([]);
    expect(r.records.map((x) => [x.path, x.source, x.mask, x.gender, x.age, x.ageGroup, x.box])).toEqual([
      ['a.jpg', 'unknown', 'incorrect', undefined, undefined, undefined, undefined],
      ['b.jpg', 'x', undefined, 'male', undefined, undefined, undefined],
      ['c.jpg', 'x', undefined, undefined, undefined, '>=60', undefined],
      ['d.jpg', 'x', undefined, undefined, 7, '<30', undefined],
    ]);
  });

  it('trims values and accepts quoted fields with commas and line breaks', () => {
    const r = parseManifest(
      csv(' a.jpg , src , s1 , not_wear ,,,,,', '"b,1.jpg",src,s2,wear,,,,,', '"c\nd.jpg",src,s3,wear,,,,,'),
    );
    expect(r.issues).toEqual([]);
    expect(r.records.map((x) => [x.path, x.mask, x.origin])).toEqual([
      ['a.jpg', 'not_wear', 'manifest.csv:2'],
      ['b,1.jpg', 'wear', 'manifest.csv:3'],
      ['c\nd.jpg', 'wear', 'manifest.csv:4'],
    ]);
  });

  it('a header with no rows is fine', () => {
    expect(parseManifest(HEADER)).toEqual({ records: [], issues: [] });
    expect(parseManifest(HEADER + '\n')).toEqual({ records: [], issues: [] });
  });

  it('only path and subject columns are required', () => {
    const r = parseManifest('subject,path,mask\ns1,a.jpg,wear\n');
    expect(r.issues).toEqual([]);
    expect(r.records[0]).toMatchObject({ path: 'a.jpg', subject: 's1', mask: 'wear', quality: '' });
  });
});

describe('parseManifest: bad rows give their line and are skipped', () => {
  it.each([
    ['a.jpg,s,p,wear,male,abc,,,', 'bad age "abc"'],
    ['a.jpg,s,p,wear,male,-1,,,', 'bad age "-1"'],
    ['a.jpg,s,p,wear,male,131,,,', 'bad age "131"'],
    [',s,p,wear,male,20,,,', 'empty path'],
    ['a.jpg,s,  ,wear,male,20,,,', 'empty subject'],
    ['a.jpg,s,p,masked,male,20,,,', 'bad mask "masked" (want one of wear, incorrect, not_wear)'],
    ['a.jpg,s,p,wear,M,20,,,', 'bad gender "M" (want one of male, female)'],
    ['a.jpg,s,p,wear,male,,20-30,,', 'bad age_group "20-30"'],
    ['a.jpg,s,p,wear,male,65,30-59,,', 'age 65 does not fall in age_group "30-59"'],
    ['a.jpg,s,p,wear,male,29,30-59,,', 'age 29 does not fall in age_group "30-59"'],
    ['a.jpg,s,p,wear,male,20,,,1 2 3', 'bad box "1 2 3" (want "x y w h")'],
    ['a.jpg,s,p,wear,male,20,,,1 2 0 4', 'bad box "1 2 0 4" (want "x y w h")'],
    ['a.jpg,s,p,,,,,,', 'no label at all (mask, gender and age are empty)'],
    ['a.jpg,s,p,wear', 'Too few fields: expected 9 fields but parsed 4'],
    ['a.jpg,s,p,wear,male,20,,good,,extra', 'Too many fields: expected 9 fields but parsed 10'],
  ])('%j -> %s', (row, message) => {
    const r = parseManifest(csv('ok1.jpg,s,p0,wear,,,,,', row, 'ok2.jpg,s,p0,wear,,,,,'), 'data/m.csv');
    expect(r.issues).toEqual([{ origin: 'data/m.csv:3', message }]);
    expect(r.records.map((x) => [x.path, x.origin])).toEqual([
      ['ok1.jpg', 'data/m.csv:2'],
      ['ok2.jpg', 'data/m.csv:4'],
    ]);
  });

  it('line numbers count blank lines and quoted line breaks, with LF or CRLF', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [
        HEADER,
        'a.jpg,s,p1,wear,,,,,', // 2
        '', // 3
        'b.jpg,s,p2,bogus,,,,,', // 4
        '"c', // 5
        'd.jpg",s,p3,wear,,,,,', // 6
        '   ', // 7
        'e.jpg,s,,wear,,,,,', // 8
        'f.jpg,s,p4,wear,,,,,', // 9
      ].join(eol);
      const r = parseManifest(text);
      expect(r.issues).toEqual([
        { origin: 'manifest.csv:4', message: 'bad mask "bogus" (want one of wear, incorrect, not_wear)' },
        { origin: 'manifest.csv:8', message: 'empty subject' },
      ]);
      expect(r.records.map((x) => x.origin)).toEqual(['manifest.csv:2', 'manifest.csv:5', 'manifest.csv:9']);
    }
  });

  it('an unterminated quote is reported on its own line', () => {
    const r = parseManifest(csv('a.jpg,s,p1,wear,,,,,', 'b.jpg,s,p2,wear,,,,"good,'));
    expect(r.records.map((x) => x.path)).toEqual(['a.jpg']);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].origin).toBe('manifest.csv:3');
    expect(r.issues[0].message).toMatch(/Quoted field unterminated/);
  });

  it.each([
    ['source,subject,mask\ns,p,wear', 'missing column(s) path'],
    ['path;subject;mask\na.jpg;p;wear', 'missing column(s) path, subject'],
    ['', 'missing column(s) path, subject'],
  ])('a header without path/subject is one issue on line 1: %j', (text, message) => {
    expect(parseManifest(text, 'x.csv')).toEqual({ records: [], issues: [{ origin: 'x.csv:1', message }] });
  });
});
