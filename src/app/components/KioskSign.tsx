/**
 * The kiosk's large sign: the worst mask state in view, in words and a
 * symbol. A face whose mask answer is not sure gets "checking", never thanks
 * or a warning (see `kioskVerdict`).
 */
import type { MaskState } from '../../core/classes';
import type { MessageKey } from '../i18n';
import { MASK_STYLE, UNSURE_STYLE, kioskVerdict, type FaceView } from '../labels';
import { useApp } from '../store';
import { ModelProgress } from './Header';
import { useServices } from './services';
import { useErrorText, useT } from './useT';

const SIGN: Record<MaskState | 'checking', MessageKey> = {
  wear: 'kioskAllGood',
  incorrect: 'kioskIncorrect',
  not_wear: 'kioskNoMask',
  checking: 'kioskChecking',
};

export function KioskSign({ faces, running }: { faces: readonly FaceView[]; running: boolean }) {
  const t = useT();
  const errorText = useErrorText();
  const engineStatus = useApp((s) => s.engine.status);
  const engineError = useApp((s) => s.engine.error);
  const backendPref = useApp((s) => s.backendPref);
  const { engine } = useServices();
  // The header is hidden in the kiosk, so model loading and failures show here.
  if (engineStatus !== 'ready') {
    return (
      <div className="kiosk-sign tone-idle" role="status" data-testid="kiosk-sign" data-state={engineStatus}>
        {engineStatus === 'loading' ? (
          <ModelProgress />
        ) : (
          <span>{t('modelError', { error: engineError ? errorText(engineError) : '' })}</span>
        )}
        {engineStatus === 'error' && (
          <button type="button" onClick={() => void engine.start(backendPref)}>
            {t('retry')}
          </button>
        )}
      </div>
    );
  }
  const verdict = running ? kioskVerdict(faces) : null;
  const style = verdict === 'checking' ? UNSURE_STYLE : verdict ? MASK_STYLE[verdict] : null;
  return (
    <div
      className={`kiosk-sign tone-${style?.tone ?? 'idle'}`}
      role="status"
      aria-live="assertive"
      data-testid="kiosk-sign"
      data-state={verdict ?? 'none'}
    >
      {style && (
        <span className="kiosk-icon" aria-hidden>
          {style.icon}
        </span>
      )}
      <span>{verdict ? t(SIGN[verdict]) : t('kioskWaiting')}</span>
    </div>
  );
}
