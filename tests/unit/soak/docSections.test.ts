/** Marked sections of BENCHMARKS.md: the soak run writes its own, the bench's rewrite keeps it. */
import { describe, expect, it } from 'vitest';
import { extractSection, keepSections, replaceSection } from '../../../scripts/lib/docSections';

describe('replaceSection', () => {
  it('appends a section to a file without one, then replaces only its content', () => {
    const first = replaceSection('# Benchmarks\n\nbench text\n', 'soak', 'run 1');
    expect(first).toBe('# Benchmarks\n\nbench text\n\n<!-- soak:start -->\n\nrun 1\n\n<!-- soak:end -->\n');
    const second = replaceSection(first, 'soak', 'run 2 costs $& and $1');
    expect(second).toBe(first.split('run 1').join('run 2 costs $& and $1'));
    expect(extractSection(second, 'soak')).toContain('run 2');
    expect(extractSection('no markers', 'soak')).toBeNull();
    expect(extractSection('<!-- soak:start --> but no end', 'soak')).toBeNull();
  });
});

describe('keepSections', () => {
  it("carries the old file's sections the new text lacks, and no others", () => {
    const old = replaceSection(replaceSection('# old bench\n', 'soak', 'soak body'), 'other', 'x');
    const kept = keepSections('# new bench\n', old);
    expect(kept.startsWith('# new bench\n')).toBe(true);
    expect(kept).not.toContain('old bench');
    expect(extractSection(kept, 'soak')).toBe(extractSection(old, 'soak'));
    expect(extractSection(kept, 'other')).toBe(extractSection(old, 'other'));
    const fresh = replaceSection('# new\n', 'soak', 'new soak');
    expect(keepSections(fresh, old)).toContain('new soak');
    expect(keepSections(fresh, old)).not.toContain('soak body');
    expect(keepSections('# new\n', '')).toBe('# new\n');
  });
});
