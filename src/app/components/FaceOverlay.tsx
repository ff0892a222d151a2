/**
 * Boxes and labels over a video or photo. Positions are percentages of the
 * analysed frame, so the overlay follows the media element's displayed size.
 * Each label carries an icon and words, not only a colour.
 */
import { translate } from '../i18n';
import { MASK_STYLE, faceLabelParts, faceSentence, type FaceView } from '../labels';
import { useApp } from '../store';

interface Props {
  faces: readonly FaceView[];
  width: number;
  height: number;
  /** Larger type for the kiosk, readable from a distance. */
  large?: boolean;
}

export function FaceOverlay({ faces, width, height, large = false }: Props) {
  const lang = useApp((s) => s.lang);
  if (width <= 0 || height <= 0) return null;
  return (
    <ul
      className={large ? 'overlay overlay-large' : 'overlay'}
      aria-label={translate(lang, 'facesSeen', { count: faces.length })}
    >
      {faces.map((f, i) => {
        const style = MASK_STYLE[f.mask];
        const p = faceLabelParts(f, lang);
        // No room above the box: the label goes inside its top edge.
        const nearTop = f.box.y / height < 0.15;
        return (
          <li
            key={f.id}
            className={`face-box tone-${style.tone}`}
            data-testid="face-box"
            data-mask={f.mask}
            aria-label={faceSentence(f, i + 1, lang)}
            style={{
              left: `${(f.box.x / width) * 100}%`,
              top: `${(f.box.y / height) * 100}%`,
              width: `${(f.box.w / width) * 100}%`,
              height: `${(f.box.h / height) * 100}%`,
              borderColor: style.color,
            }}
          >
            <div
              className={nearTop ? 'face-label inside' : 'face-label'}
              style={{ background: style.color }}
              aria-hidden
            >
              <span className="face-mask">
                <span className="face-icon">{style.icon}</span> {p.mask}
              </span>
              <span className="face-meta">
                {p.gender} · {p.age}
              </span>
              <span className="face-votes" title={p.agreement}>
                {p.agreementShort} · {p.confidence}
              </span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
