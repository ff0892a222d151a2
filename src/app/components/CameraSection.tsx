/**
 * The live camera: video, face overlay, status line (FPS, backend) and a
 * clear message with a retry button when the camera is denied, absent or
 * gone. In kiosk mode the controls go and a large sign takes their place.
 */
import { useEffect, useRef } from 'react';
import { speedText } from '../fps';
import { backendKey } from '../i18n';
import { appStore, useApp } from '../store';
import type { CameraStatus } from '../store/camera';
import { FaceOverlay } from './FaceOverlay';
import { KioskSign } from './KioskSign';
import { useServices } from './services';
import { useErrorText, useT } from './useT';

/** How long a kiosk waits before opening a lost camera again. */
export const KIOSK_RETRY_MS = 5000;

/** Statuses whose `camera.error` is shown, with a retry. */
const PROBLEM_STATUSES: ReadonlySet<CameraStatus> = new Set(['denied', 'absent', 'unplugged', 'unsupported', 'error']);

export function CameraSection({ kiosk }: { kiosk: boolean }) {
  const t = useT();
  const errorText = useErrorText();
  const { camera } = useServices();
  const videoRef = useRef<HTMLVideoElement>(null);
  const status = useApp((s) => s.camera.status);
  const error = useApp((s) => s.camera.error);
  const faces = useApp((s) => s.camera.faces);
  const fps = useApp((s) => s.camera.fps);
  const frameWidth = useApp((s) => s.camera.frameWidth);
  const frameHeight = useApp((s) => s.camera.frameHeight);
  const analysisError = useApp((s) => s.camera.analysisError);
  const backend = useApp((s) => s.engine.backend);
  const frames = useApp((s) => s.camera.frames);
  const tensors = useApp((s) => s.camera.tensors);
  const tensorBytes = useApp((s) => s.camera.tensorBytes);

  const start = () => {
    if (videoRef.current) void camera.start(videoRef.current);
  };

  // The kiosk runs the camera without anyone pressing a button.
  useEffect(() => {
    const current = appStore.getState().camera.status;
    if (kiosk && videoRef.current && (current === 'off' || current === 'unplugged')) {
      void camera.start(videoRef.current);
    }
  }, [kiosk, camera]);

  // Nobody presses "Try again" at a kiosk: retry a lost camera on a timer and
  // as soon as a device is plugged in.
  useEffect(() => {
    if (!kiosk || !(status === 'unplugged' || status === 'absent' || status === 'error')) return;
    const retry = () => {
      if (videoRef.current) void camera.start(videoRef.current);
    };
    const timer = setTimeout(retry, KIOSK_RETRY_MS);
    navigator.mediaDevices?.addEventListener?.('devicechange', retry);
    return () => {
      clearTimeout(timer);
      navigator.mediaDevices?.removeEventListener?.('devicechange', retry);
    };
  }, [kiosk, status, camera]);

  // Release the camera when the view goes away.
  useEffect(() => () => camera.stop(), [camera]);

  const problem = PROBLEM_STATUSES.has(status) ? error : null;
  const running = status === 'running';
  const speed = speedText(fps, running);

  return (
    <section className="camera" aria-labelledby="camera-title">
      <div className="section-head">
        <h2 id="camera-title">{t('camera')}</h2>
        <div className="camera-controls">
          {running || status === 'starting' ? (
            <button type="button" onClick={() => camera.stop()}>
              {t('cameraStop')}
            </button>
          ) : (
            <button type="button" onClick={start} data-testid="camera-start">
              {problem ? t('retry') : t('cameraStart')}
            </button>
          )}
          {/* Test hooks (e2e and `npm run soak`): frames analysed, and tf.memory() after the last one. */}
          <span
            className="camera-stats"
            data-testid="camera-stats"
            data-frames={frames}
            data-tensors={tensors}
            data-tensor-bytes={tensorBytes}
          >
            {speed && `${t(speed.key, speed.params)} · `}
            {backend ? t(backendKey(backend)) : '…'}
          </span>
        </div>
      </div>
      {kiosk && <KioskSign faces={faces} running={running} />}
      {problem && (
        <div className="notice notice-alert" role="alert" data-testid="camera-problem" data-status={status}>
          <p>{errorText(problem)}</p>
          {/* The kiosk hides the photo check: no promise of it there. */}
          {!kiosk && <p>{t('cameraPhotosStillWork')}</p>}
          <button type="button" onClick={start}>
            {t('retry')}
          </button>
        </div>
      )}
      {status === 'starting' && <p role="status">{t('cameraStarting')}</p>}
      {status === 'off' && !kiosk && <p className="muted">{t('cameraOff')}</p>}
      {analysisError && (
        <p className="notice notice-warn" role="alert" data-testid="analysis-error">
          {t('analysisError', { error: errorText(analysisError) })}
        </p>
      )}
      <div className={running ? 'stage' : 'stage stage-hidden'}>
        <video ref={videoRef} className="stage-media" muted playsInline aria-hidden />
        <FaceOverlay faces={faces} width={frameWidth} height={frameHeight} large={kiosk} />
      </div>
      <p className="visually-hidden" aria-live="polite">
        {running && (faces.length === 0 ? t('noFaces') : t('facesSeen', { count: faces.length }))}
      </p>
    </section>
  );
}
