/** The kiosk's large sign: the worst mask state in view, in words and a symbol. */
import type { MaskState } from '../../core/classes';
import type { MessageKey } from '../i18n';
import { MASK_STYLE, worstMaskState, type FaceView } from '../labels';
import { useApp } from '../store';
import { useServices } from './services';
import { useT } from './useT';

const SIGN: Record<MaskState, MessageKey> = {
  wear: 'kioskAllGood',
  incorrect: 'kioskIncorrect',
  not_wear: 'kioskNoMask',
};

export function KioskSign({ faces, running }: { faces: readonly FaceView[]; running: boolean }) {
  const t = useT();
  const engineStatus = useApp((s) => s.engine.status);
  const engineError = useApp((s) => s.engine.error);
  const backendPref = useApp((s) => s.backendPref);
  const { engine } = useServices();
  // The header is hidden in the kiosk, so model loading and failures show here.
  if (engineStatus !== 'ready') {
    return (
      <div className="kiosk-sign tone-idle" role="status" data-testid="kiosk-sign" data-state={engineStatus}>
        <span>{engineStatus === 'loading' ? t('modelLoading') : t('modelError', { error: engineError ?? '' })}</span>
        {engineStatus === 'error' && (
          <button type="button" onClick={() => void engine.start(backendPref)}>
            {t('retry')}
          </button>
        )}
      </div>
    );
  }
  const worst = running ? worstMaskState(faces) : null;
  const style = worst ? MASK_STYLE[worst] : null;
  return (
    <div
      className={`kiosk-sign tone-${style?.tone ?? 'idle'}`}
      role="status"
      aria-live="assertive"
      data-testid="kiosk-sign"
      data-state={worst ?? 'none'}
    >
      {style && (
        <span className="kiosk-icon" aria-hidden>
          {style.icon}
        </span>
      )}
      <span>{worst ? t(SIGN[worst]) : t('kioskWaiting')}</span>
    </div>
  );
}
