/**
 * Layout: header and photo check around the camera; in kiosk mode only the
 * camera and its sign remain, full screen, with the screen kept awake.
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

export function App() {
  const t = useT();
  const kiosk = useApp((s) => s.kiosk);
  const setKiosk = useApp((s) => s.setKiosk);
  const lang = useApp((s) => s.lang);
  const [awake, setAwake] = useState<'held' | 'refused' | null>(null);

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
    const onFullscreen = () => {
      if (!document.fullscreenElement) setKiosk(false);
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

  return (
    <div className={kiosk ? 'app app-kiosk' : 'app'} data-wakelock={awake ?? undefined}>
      {!kiosk && <Header />}
      <SupportNotice />
      <main>
        <CameraSection kiosk={kiosk} />
        {!kiosk && <PhotoCheck />}
        {kiosk ? <HourlyChart /> : <CountsPanel />}
      </main>
      {kiosk && (
        <button type="button" className="kiosk-exit" onClick={() => setKiosk(false)}>
          {t('kioskExit')}
        </button>
      )}
    </div>
  );
}
