/**
 * Layout: header and photo check around the camera; in kiosk mode only the
 * camera, its sign and the hourly counts remain, with the screen kept awake.
 * A kiosk opened by its address (`?kiosk`) cannot go full screen without a
 * gesture, so it asks for a tap; "Leave kiosk mode" and Esc always leave it.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../store';
import { WakeLock } from '../wakeLock';
import { CameraSection } from './CameraSection';
import { CountsPanel, HourlyChart } from './Counts';
import { Header } from './Header';
import { PhotoCheck } from './PhotoCheck';
import { SupportNotice } from './SupportNotice';
import { useT } from './useT';

/** Whether the page is full screen now, followed as it changes. */
function useFullscreen(): boolean {
  const [full, setFull] = useState(() => typeof document !== 'undefined' && Boolean(document.fullscreenElement));
  useEffect(() => {
    const on = () => setFull(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  return full;
}

export function App() {
  const t = useT();
  const kiosk = useApp((s) => s.kiosk);
  const setKiosk = useApp((s) => s.setKiosk);
  const lang = useApp((s) => s.lang);
  const [awake, setAwake] = useState<'held' | 'refused' | null>(null);
  const fullscreen = useFullscreen();
  // Set once the prompt was answered (or full screen was refused): it is not shown again this visit.
  const [promptDone, setPromptDone] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    if (!kiosk) return;
    const lock = new WakeLock();
    void lock.acquire().then((held) => setAwake(held ? 'held' : 'refused'));
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setKiosk(false);
    };
    // Leaving full screen (Esc, F11) leaves the kiosk too.
    let wasFull = Boolean(document.fullscreenElement);
    const onFullscreen = () => {
      if (wasFull && !document.fullscreenElement) setKiosk(false);
      wasFull = Boolean(document.fullscreenElement);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
      void lock.release();
      setAwake(null);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [kiosk, setKiosk]);

  const askFullscreen =
    kiosk && !fullscreen && !promptDone && typeof document.documentElement.requestFullscreen === 'function';

  return (
    <div className={kiosk ? 'app app-kiosk' : 'app'} data-wakelock={awake ?? undefined}>
      {!kiosk && <Header />}
      <SupportNotice />
      <main>
        <CameraSection kiosk={kiosk} />
        {!kiosk && <PhotoCheck />}
        {kiosk ? (
          <section className="kiosk-counts" aria-labelledby="kiosk-counts-title">
            <h2 id="kiosk-counts-title">{t('kioskCounts')}</h2>
            <HourlyChart legend />
          </section>
        ) : (
          <CountsPanel />
        )}
      </main>
      {kiosk && (
        <button type="button" className="kiosk-exit" data-testid="kiosk-exit" onClick={() => setKiosk(false)}>
          {t('kioskExit')}
        </button>
      )}
      {askFullscreen && (
        <button
          type="button"
          className="kiosk-start"
          data-testid="kiosk-start"
          onClick={() => {
            setPromptDone(true);
            void document.documentElement.requestFullscreen().catch(() => undefined);
          }}
        >
          <span className="kiosk-start-title">{t('kioskStart')}</span>
          <span className="kiosk-start-hint">{t('kioskStartHint')}</span>
        </button>
      )}
    </div>
  );
}
