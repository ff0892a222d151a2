/**
 * Boxes and labels over a video or photo. Boxes are percentages of the
 * analysed frame, so they follow the media element's displayed size. Labels
 * are measured, then placed beside their boxes by `placeLabels` (never over
 * another label or a face, inside the media), and collapse to their symbol
 * where there is no room; the full words show on hover and focus. Their type
 * scales with the shown media. Each label carries a symbol and words, not
 * only a colour.
 */
import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { translate, type Lang } from '../i18n';
import { placeLabels, type LabelPlacement, type Size } from '../labelLayout';
import { faceLabelParts, faceSentence, faceStyle, type FaceView } from '../labels';
import { useApp } from '../store';

interface Props {
  faces: readonly FaceView[];
  width: number;
  height: number;
  /** Larger type for the kiosk, readable from a distance. */
  large?: boolean;
}

/** Label type size in px for media shown `shownWidth` px wide: smaller on thumbnails, capped on large views. */
export function labelFontPx(shownWidth: number, large: boolean): number {
  const [perPx, min, max] = large ? [1 / 28, 14, 40] : [1 / 26, 9, 14];
  return Math.round(Math.max(min, Math.min(max, shownWidth * perPx)));
}

/** The media's shown size, followed as it changes. */
function useShownSize(ref: React.RefObject<HTMLElement | null>, active: boolean): Size {
  const [size, setSize] = useState<Size>({ w: 0, h: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !active) return;
    const read = () =>
      setSize((s) =>
        s.w === el.clientWidth && s.h === el.clientHeight ? s : { w: el.clientWidth, h: el.clientHeight },
      );
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, active]);
  return size;
}

export function FaceOverlay({ faces, width, height, large = false }: Props) {
  const lang = useApp((s) => s.lang);
  const ref = useRef<HTMLDivElement>(null);
  const known = width > 0 && height > 0;
  const shown = useShownSize(ref, known);
  const fontPx = labelFontPx(shown.w, large);
  const [layout, setLayout] = useState<{ faces: readonly FaceView[]; placed: LabelPlacement[] } | null>(null);

  // Measure every label (full and as a symbol), then place them; runs before paint.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !known) return;
    const sizeOf = (node: Element | null): Size => ({
      w: (node as HTMLElement | null)?.offsetWidth ?? 0,
      h: (node as HTMLElement | null)?.offsetHeight ?? 0,
    });
    const requests = faces.map((f, i) => ({
      face: {
        x: (f.box.x / width) * shown.w,
        y: (f.box.y / height) * shown.h,
        w: (f.box.w / width) * shown.w,
        h: (f.box.h / height) * shown.h,
      },
      full: sizeOf(el.querySelector(`[data-measure="full-${i}"]`)),
      compact: sizeOf(el.querySelector(`[data-measure="compact-${i}"]`)),
    }));
    setLayout({ faces, placed: placeLabels(shown, requests) });
  }, [faces, width, height, shown, fontPx, lang, known]);

  if (!known) return null;
  const placed = layout?.faces === faces ? layout.placed : null;
  const style: CSSProperties = { fontSize: `${fontPx}px` };
  return (
    <div className={large ? 'overlay overlay-large' : 'overlay'} ref={ref} style={style}>
      <ul className="overlay-boxes" aria-label={translate(lang, 'facesSeen', { count: faces.length })}>
        {faces.map((f, i) => {
          const s = faceStyle(f);
          return (
            <li
              key={f.id}
              className={`face-box tone-${s.tone}`}
              data-testid="face-box"
              data-mask={f.mask}
              data-unsure={f.heads.mask.unsure || undefined}
              aria-label={faceSentence(f, i + 1, lang)}
              style={{
                left: `${(f.box.x / width) * 100}%`,
                top: `${(f.box.y / height) * 100}%`,
                width: `${(f.box.w / width) * 100}%`,
                height: `${(f.box.h / height) * 100}%`,
                borderColor: s.color,
              }}
            />
          );
        })}
      </ul>
      {/* Unseen copies to measure, in the same type as the shown labels. */}
      <div className="label-measure" aria-hidden>
        {faces.map((f, i) => (
          <div key={f.id}>
            <FaceLabel face={f} lang={lang} compact={false} measure={`full-${i}`} />
            <FaceLabel face={f} lang={lang} compact measure={`compact-${i}`} />
          </div>
        ))}
      </div>
      {placed &&
        faces.map((f, i) => (
          <FaceLabel
            key={f.id}
            face={f}
            lang={lang}
            compact={placed[i].compact}
            style={{ left: `${placed[i].x}px`, top: `${placed[i].y}px` }}
            side={placed[i].side}
            n={i + 1}
          />
        ))}
    </div>
  );
}

interface LabelProps {
  face: FaceView;
  lang: Lang;
  compact: boolean;
  measure?: string;
  style?: CSSProperties;
  side?: LabelPlacement['side'];
  n?: number;
}

function FaceLabel({ face, lang, compact, measure, style, side, n = 1 }: LabelProps) {
  const s = faceStyle(face);
  const p = faceLabelParts(face, lang);
  const words = (
    <>
      <span className="face-mask">
        <span className="face-icon">{s.icon}</span> {p.mask.text}
      </span>
      <span className="face-meta">
        {p.gender.text} · {p.age.text}
      </span>
      <span className="face-votes" title={p.mask.help}>
        {p.mask.votes} · {p.mask.confidence}
      </span>
    </>
  );
  const className = `face-label tone-${s.tone}${compact ? ' compact' : ''}`;
  if (measure) {
    return (
      <div className={className} data-measure={measure} style={{ background: s.color }}>
        {compact ? <span className="face-icon">{s.icon}</span> : words}
      </div>
    );
  }
  return (
    <div
      className={className}
      data-testid="face-label"
      data-side={side}
      data-compact={compact || undefined}
      style={{ ...style, background: s.color }}
      title={faceSentence(face, n, lang)}
      // A symbol alone is focusable, so its full words show without a mouse; full labels repeat the box's own words.
      {...(compact ? { tabIndex: 0, role: 'img', 'aria-label': faceSentence(face, n, lang) } : { 'aria-hidden': true })}
    >
      {compact ? (
        <>
          <span className="face-icon">{s.icon}</span>
          <span className="face-full" style={{ background: s.color }}>
            {words}
          </span>
        </>
      ) : (
        words
      )}
    </div>
  );
}
