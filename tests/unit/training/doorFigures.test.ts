import { describe, expect, it } from 'vitest';
import type { EvalRow } from '../../../src/core/evaluation';
import { doorFiguresTable } from '../../../src/training/report';

const row = (source: string, truth: number, answer: number, synthetic = false): EvalRow => ({
  source,
  synthetic,
  truth: { mask: truth },
  predictions: { vote: { mask: answer } },
});

describe('doorFiguresTable', () => {
  it('counts wrongly worn recall/precision and the two door rates on real photos only', () => {
    const rows = [
      row('ilc2021', 1, 1),
      row('ilc2021', 1, 0), // wrongly worn read as worn
      row('kaggle_facemask', 1, 1),
      row('kaggle_facemask', 0, 1), // worn read as wrongly worn
      row('chandrika', 2, 0), // bare called masked
      row('chandrika', 2, 2),
      row('chandrika', 0, 2), // masked called bare
      row('utkface', 1, 2, true), // drawn: left out
    ];
    const table = doorFiguresTable(rows);
    const ilcKaggle = table.split('\n').find((l) => l.startsWith('| ilc2021 + kaggle_facemask'))!;
    // 3 wrongly worn, 2 caught; 3 answered wrongly worn, 2 right.
    expect(ilcKaggle).toContain('| 3 | 66.7% | 66.7% |');
    const all = table.split('\n').find((l) => l.startsWith('| all real sources'))!;
    expect(all).toContain('50.0% (1/2)'); // bare called masked
    expect(all).toContain('20.0% (1/5)'); // masked called bare
    expect(table).not.toContain('| utkface');
  });
});
