import { createCanvas } from '@napi-rs/canvas';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError, detectLayout, importDataset } from '../../../src/node/importers';

function jpeg(path: string): void {
  const c = createCanvas(32, 32);
  c.getContext('2d').fillRect(0, 0, 16, 16);
  writeFileSync(path, c.toBuffer('image/jpeg'));
}

function manifestFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-manifest-'));
  mkdirSync(join(dir, 'img'));
  for (const f of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']) jpeg(join(dir, 'img', f));
  writeFileSync(
    join(dir, 'manifest.csv'),
    [
      'path,source,subject,mask,gender,age,age_group,quality,box',
      'img/a.jpg,s1,p1,not_wear,female,34,30-59,annotated,', // line 2: good, all labels
      'img/b.jpg,s1,p2,wear,,,,annotated,', // 3: mask only
      'img/c.jpg,s2,p3,,male,70,,annotated,', // 4: gender + age only
      'img/missing.jpg,s1,p4,wear,,,,annotated,', // 5: file missing
      'img/d.jpg,s1,p5,masked,,,,annotated,', // 6: bad mask
      'img/d.jpg,s1,p6,wear,,-3,,annotated,', // 7: bad age
      'img/d.jpg,s1,p7,wear,,,,annotated,1 2 x 4', // 8: bad box
      'img/d.jpg,s1,p8,wear,female,20,>=60,annotated,', // 9: age outside group
      'img/d.jpg,s1,p9,wear,,,,annotated,4 5 10 12', // 10: good, with box
    ].join('\n'),
  );
  return dir;
}

function competitionFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-comp-'));
  const images = join(dir, 'train', 'images');
  const people = [
    ['000001', 'female', 'Asian', '45', '000001_female_Asian_45'],
    ['000002', 'male', 'Asian', '62', '000002_male_Asian_62'],
  ];
  for (const [, , , , folder] of people) {
    mkdirSync(join(images, folder), { recursive: true });
    ['mask1.jpg', 'mask2.jpeg', 'mask3.png', 'mask4.jpg', 'mask5.jpg', 'incorrect_mask.jpg', 'normal.jpg'].forEach(
      (f) => jpeg(join(images, folder, f)),
    );
    writeFileSync(join(images, folder, '._mask1.jpg'), 'resource fork');
  }
  mkdirSync(join(images, '000004_male_Asian_20'));
  jpeg(join(images, '000004_male_Asian_20', 'normal.jpg'));
  writeFileSync(
    join(dir, 'train', 'train.csv'),
    [
      'id,gender,race,age,path',
      ...people.map((p) => p.join(',')),
      '000003,female,Asian,30,000003_female_Asian_30', // line 4: folder missing
      '000004,male,Asian,20,000004_male_Asian_20', // line 5: only normal present
      '000005,unknown,Asian,20,000005_unknown_Asian_20', // line 6: bad gender
      '000006,male,Asian,,000006_male_Asian_', // line 7: bad age
    ].join('\n'),
  );
  return dir;
}

describe('manifest importer', () => {
  it('keeps good rows with partial labels and reports every bad row with file and line', () => {
    const dir = manifestFolder();
    const { records, issues, layout } = importDataset(dir);
    expect(layout).toBe('manifest');
    expect(records.map((r) => r.subject)).toEqual(['p1', 'p2', 'p3', 'p9']);
    expect(records[0]).toMatchObject({ mask: 'not_wear', gender: 'female', age: 34, ageGroup: '30-59' });
    expect(records[1]).toMatchObject({ mask: 'wear', gender: undefined, ageGroup: undefined });
    expect(records[2]).toMatchObject({ mask: undefined, gender: 'male', ageGroup: '>=60' });
    expect(records[3].box).toEqual({ x: 4, y: 5, w: 10, h: 12 });
    const byLine = Object.fromEntries(issues.map((i) => [i.origin.replace(/^.*:/, ''), i.message]));
    expect(Object.keys(byLine).sort()).toEqual(['5', '6', '7', '8', '9']);
    expect(byLine['5']).toMatch(/file not found/);
    expect(byLine['6']).toMatch(/bad mask "masked"/);
    expect(byLine['7']).toMatch(/bad age/);
    expect(byLine['8']).toMatch(/bad box/);
    expect(byLine['9']).toMatch(/does not fall in age_group/);
    expect(issues[0].origin).toContain(join(dir, 'manifest.csv'));
  });
});

describe('competition importer', () => {
  it('reads every person folder into 7 labelled photos and skips ._ files', () => {
    const dir = competitionFolder();
    const { records, issues, layout } = importDataset(dir);
    expect(layout).toBe('competition');
    const p1 = records.filter((r) => r.subject === 'competition-000001');
    expect(p1).toHaveLength(7);
    expect(p1.filter((r) => r.mask === 'wear')).toHaveLength(5);
    expect(p1.filter((r) => r.mask === 'incorrect')).toHaveLength(1);
    expect(p1.filter((r) => r.mask === 'not_wear')).toHaveLength(1);
    expect(p1.every((r) => r.gender === 'female' && r.ageGroup === '30-59')).toBe(true);
    expect(records.filter((r) => r.subject === 'competition-000002').every((r) => r.ageGroup === '>=60')).toBe(true);
    expect(records.some((r) => r.path.includes('._'))).toBe(false);
    // The person with only normal.jpg still contributes that photo.
    expect(records.filter((r) => r.subject === 'competition-000004')).toHaveLength(1);
    const messages = issues.map((i) => `${i.origin.replace(/^.*train\.csv:/, '')} ${i.message}`);
    expect(messages.some((m) => m.startsWith('4 folder not found'))).toBe(true);
    expect(messages.some((m) => m.startsWith('5 ') && /no image for mask1/.test(m))).toBe(true);
    expect(messages.some((m) => m.startsWith('6 bad gender'))).toBe(true);
    expect(messages.some((m) => m.startsWith('7 bad age'))).toBe(true);
  });

  it.each(['\n', '\r\n'])('names the real line of a bad row when train.csv has blank lines (%j)', (eol) => {
    const dir = competitionFolder();
    writeFileSync(
      join(dir, 'train', 'train.csv'),
      [
        'id,gender,race,age,path', // 1
        '000001,female,Asian,45,000001_female_Asian_45', // 2: good
        '', // 3
        '000005,unknown,Asian,20,000005_unknown_Asian_20', // 4: bad gender
        '   ', // 5
        '', // 6
        '000006,male,Asian,,000006_male_Asian_', // 7: bad age
        ',,,,', // 8: blank too (commas only)
        '000003,female,Asian,30,000003_female_Asian_30', // 9: folder missing
        '000002,male,Asian,62,000002_male_Asian_62', // 10: good
        '', // trailing blank line
      ].join(eol),
    );
    const { records, issues } = importDataset(dir);
    expect(issues.map((i) => `${i.origin.replace(/^.*train\.csv:/, '')} ${i.message.replace(/:.*/, '')}`)).toEqual([
      '4 bad gender "unknown"',
      '7 bad age ""',
      '9 folder not found',
    ]);
    expect(new Set(records.map((r) => r.origin.replace(/^.*train\.csv:(\d+).*$/, '$1')))).toEqual(new Set(['2', '10']));
  });
});

describe('layout detection', () => {
  it('explains a folder that fits neither layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-empty-'));
    expect(() => detectLayout(dir)).toThrow(DatasetError);
    expect(() => detectLayout(dir)).toThrow(/fits neither layout/);
    expect(() => detectLayout(join(dir, 'nope'))).toThrow(/does not exist/);
  });

  it('points at the parent when given the competition train/ folder itself', () => {
    const dir = competitionFolder();
    expect(() => detectLayout(join(dir, 'train'))).toThrow(/pass its parent folder/);
  });
});
