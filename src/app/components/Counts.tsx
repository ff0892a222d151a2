/**
 * The kiosk's anonymous counts: a small bar chart per hour (a table, so
 * screen readers read the numbers), plus totals, CSV export and reset outside
 * kiosk mode.
 */
import { MASK_STATES } from '../../core/classes';
import { hourRows, totals } from '../../core/kioskCounts';
import { downloadCountsCsv } from '../download';
import { MASK_STYLE, maskKey } from '../labels';
import { useApp } from '../store';
import { useErrorText, useT } from './useT';

/** Hours shown in the chart, most recent last. */
export const CHART_HOURS = 12;

/** What the bar colours and symbols mean. */
export function ChartLegend() {
  const t = useT();
  return (
    <ul className="chart-legend" data-testid="counts-legend">
      {MASK_STATES.map((m) => (
        <li key={m}>
          <span className="chart-swatch" style={{ background: MASK_STYLE[m].color }} aria-hidden />
          {MASK_STYLE[m].icon} {t(maskKey(m))}
        </li>
      ))}
    </ul>
  );
}

export function HourlyChart({ legend = false }: { legend?: boolean }) {
  const t = useT();
  const counts = useApp((s) => s.counts);
  const rows = hourRows(counts).slice(-CHART_HOURS);
  if (rows.length === 0) return <p className="muted">{t('countsEmpty')}</p>;
  const max = Math.max(...rows.map((r) => r.people));
  return (
    <>
      {legend && <ChartLegend />}
      <table className="chart" data-testid="counts-chart">
        <caption className="visually-hidden">{t('kioskCounts')}</caption>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">{t('countsHour')}</th>
            <th scope="col">{t('countsPeople')}</th>
            {MASK_STATES.map((m) => (
              <th key={m} scope="col">
                {t(maskKey(m))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.hour}>
              <th scope="row" className="chart-hour">
                {r.hour.slice(5)}
              </th>
              <td className="chart-bar-cell">
                <span className="chart-bar" style={{ width: `${(r.people / max) * 100}%` }} aria-hidden>
                  {MASK_STATES.map((m) =>
                    r[m] > 0 ? (
                      <span
                        key={m}
                        className={`chart-seg tone-${MASK_STYLE[m].tone}`}
                        style={{ flexGrow: r[m], background: MASK_STYLE[m].color }}
                      />
                    ) : null,
                  )}
                </span>
                <span className="chart-num">{r.people}</span>
              </td>
              {MASK_STATES.map((m) => (
                <td key={m} className="chart-num">
                  {MASK_STYLE[m].icon} {r[m]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CountsPanel() {
  const t = useT();
  const errorText = useErrorText();
  const counts = useApp((s) => s.counts);
  const problem = useApp((s) => s.countsProblem);
  const resetCounts = useApp((s) => s.resetCounts);
  const sum = totals(counts);
  return (
    <section className="counts" aria-labelledby="counts-title">
      <div className="section-head">
        <h2 id="counts-title">{t('kioskCounts')}</h2>
        <div className="camera-controls">
          <button type="button" disabled={sum.people === 0} onClick={() => downloadCountsCsv(counts)}>
            {t('countsCsv')}
          </button>
          <button
            type="button"
            disabled={sum.people === 0}
            onClick={() => {
              if (window.confirm(t('countsResetConfirm'))) resetCounts();
            }}
          >
            {t('countsReset')}
          </button>
        </div>
      </div>
      {problem && (
        <p className="notice notice-warn" role="alert">
          {t('countsProblem', { problem: errorText(problem) })}
        </p>
      )}
      {sum.people > 0 && <p data-testid="counts-total">{t('countsTotal', { ...sum, count: sum.people })}</p>}
      <HourlyChart legend={sum.people > 0} />
    </section>
  );
}
