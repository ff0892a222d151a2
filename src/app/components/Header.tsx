/** Title, model/backend status and the settings: language, backend, kiosk. */
import {
  WASM_THREAD_COUNTS,
  chooseWasmThreads,
  isWasmThreadsPref,
  type SingleThreadReason,
} from '../../core/wasmThreads';
import { BACKENDS } from '../../inference';
import { LANGS, backendKey, isLang } from '../i18n';
import { megabytes } from '../modelDownload';
import { useApp } from '../store';
import { isBackendPref } from '../store/settings';
import { useServices } from './services';
import { useErrorText, useT } from './useT';

const LANG_NAMES = { en: 'English', ko: '한국어' } as const;

export function Header() {
  const t = useT();
  const { engine } = useServices();
  const lang = useApp((s) => s.lang);
  const setLang = useApp((s) => s.setLang);
  const backendPref = useApp((s) => s.backendPref);
  const setBackendPref = useApp((s) => s.setBackendPref);
  const setKiosk = useApp((s) => s.setKiosk);

  return (
    <header className="header">
      <div>
        <h1>{t('appTitle')}</h1>
        <p className="muted">{t('tagline')}</p>
      </div>
      <div className="settings">
        <label>
          {t('language')}
          <select
            value={lang}
            data-testid="lang-select"
            onChange={(e) => isLang(e.target.value) && setLang(e.target.value)}
          >
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('backend')}
          <select
            value={backendPref}
            data-testid="backend-select"
            onChange={(e) => {
              const pref = e.target.value;
              if (!isBackendPref(pref)) return;
              setBackendPref(pref);
              void engine.start(pref);
            }}
          >
            <option value="auto">{t('backendAuto')}</option>
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {t(backendKey(b))}
              </option>
            ))}
          </select>
        </label>
        <WasmThreadsSelect />
        <button
          type="button"
          onClick={() => {
            setKiosk(true);
            // Needs this click (a user gesture); a kiosk browser is full screen anyway.
            document.documentElement.requestFullscreen?.().catch(() => undefined);
          }}
        >
          {t('kiosk')}
        </button>
      </div>
      <EngineStatusLine />
    </header>
  );
}

function EngineStatusLine() {
  const t = useT();
  const errorText = useErrorText();
  const { engine } = useServices();
  const status = useApp((s) => s.engine.status);
  const backend = useApp((s) => s.engine.backend);
  const skipped = useApp((s) => s.engine.skipped);
  const members = useApp((s) => s.engine.members);
  const error = useApp((s) => s.engine.error);
  const backendPref = useApp((s) => s.backendPref);
  const fellBack = useApp((s) => s.engine.fellBack);
  const offlineReady = useApp((s) => s.offlineReady);
  const shown = (b: typeof backend) => (b ? t(backendKey(b)) : '?');

  return (
    <div className="engine-status" data-testid="engine-status" data-status={status} data-backend={backend ?? ''}>
      {status === 'loading' && <ModelProgress />}
      {status === 'ready' && (
        <span>
          {t('modelReady', { members })} · {t('activeBackend', { backend: shown(backend) })}
        </span>
      )}
      {status === 'error' && (
        <span className="notice notice-alert" role="alert">
          {t('modelError', { error: error ? errorText(error) : '' })}{' '}
          <button type="button" onClick={() => void engine.start(backendPref)}>
            {t('retry')}
          </button>
        </span>
      )}
      {status === 'ready' && backend === 'wasm' && <WasmRuntimeLine />}
      {fellBack && (
        <span className="notice notice-warn" role="alert" data-testid="backend-fell-back">
          {t('backendFellBack', {
            from: shown(fellBack.from),
            error: errorText(fellBack.error),
            backend: shown(backend),
          })}
        </span>
      )}
      {skipped.length > 0 && (
        <details>
          <summary>{skipped.map((s) => shown(s.backend)).join(', ')} ✕</summary>
          <ul>
            {skipped.map((s) => (
              <li key={s.backend} data-backend={s.backend}>
                {t('backendSkipped', { backend: shown(s.backend), error: errorText(s.error) })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {offlineReady && <span className="badge">{t('offlineReady')}</span>}
    </div>
  );
}

/** The WASM thread count; WASM starts once per page, so a change after it started reloads the page. */
function WasmThreadsSelect() {
  const t = useT();
  const wasmThreads = useApp((s) => s.wasmThreads);
  const setWasmThreads = useApp((s) => s.setWasmThreads);
  const wasmStarted = useApp((s) => s.engine.wasm !== null);
  const auto = chooseWasmThreads('auto', navigator.hardwareConcurrency, true).threads;
  return (
    <label title={t('wasmThreadsApplyReload')}>
      {t('wasmThreads')}
      <select
        value={String(wasmThreads)}
        data-testid="wasm-threads-select"
        onChange={(e) => {
          const value = e.target.value === 'auto' ? 'auto' : Number(e.target.value);
          if (!isWasmThreadsPref(value)) return;
          setWasmThreads(value);
          if (wasmStarted) location.reload();
        }}
      >
        <option value="auto">{t('wasmThreadsAuto', { threads: auto })}</option>
        {WASM_THREAD_COUNTS.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

const SINGLE_REASON = {
  'not-isolated': 'wasmSingle_not-isolated',
  setting: 'wasmSingle_setting',
  'one-core': 'wasmSingle_one-core',
} as const satisfies Record<SingleThreadReason, string>;

/** How WASM runs: SIMD or not, how many threads, and why only one. */
function WasmRuntimeLine() {
  const t = useT();
  const wasm = useApp((s) => s.engine.wasm);
  if (!wasm) return null;
  const simd = t(wasm.simd ? 'wasmSimdOn' : 'wasmSimdOff');
  const text =
    wasm.threads > 1
      ? t('wasmRunsThreaded', { simd, threads: wasm.threads })
      : t('wasmRunsSingle', { simd }) + (wasm.singleBecause ? ` (${t(SINGLE_REASON[wasm.singleBecause])})` : '');
  return (
    <span className="muted" data-testid="wasm-runtime">
      {text}
    </span>
  );
}

/** "Loading models… 7.9 of 12.3 MB" with a bar, while the model files download. */
export function ModelProgress() {
  const t = useT();
  const progress = useApp((s) => s.engine.progress);
  if (!progress || progress.total === 0) return <span role="status">{t('modelLoading')}</span>;
  return (
    <span role="status" className="model-progress">
      {t('modelLoadingProgress', { loaded: megabytes(progress.loaded), total: megabytes(progress.total) })}{' '}
      <progress
        max={progress.total}
        value={progress.loaded}
        data-testid="model-progress"
        data-loaded={progress.loaded}
        data-total={progress.total}
      />
    </span>
  );
}
