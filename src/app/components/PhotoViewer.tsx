/**
 * One photo large, with its boxes and labels, in a modal dialog: Esc (the
 * dialog's own cancel) closes it, ← and → show the previous and next photo,
 * and focus goes back to where it was.
 */
import { useEffect, useRef } from 'react';
import type { PhotoItem } from '../store/photos';
import { FaceOverlay } from './FaceOverlay';
import { PhotoStatus } from './PhotoStatus';
import { useT } from './useT';

interface Props {
  /** The photos that can be shown (those with an image), in list order. */
  photos: readonly PhotoItem[];
  current: number;
  onShow: (id: number) => void;
  onClose: () => void;
}

export function PhotoViewer({ photos, current, onShow, onClose }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const index = photos.findIndex((p) => p.id === current);
  const photo = photos[index];
  const step = (by: number) => {
    const next = photos[(index + by + photos.length) % photos.length];
    if (next) onShow(next.id);
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement as HTMLElement | null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    return () => {
      if (dialog.open) dialog.close?.();
      before?.focus?.();
    };
  }, []);

  if (!photo) return null;
  return (
    <dialog
      ref={ref}
      className="viewer"
      data-testid="photo-viewer"
      aria-label={photo.name}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight') step(1);
        else if (e.key === 'ArrowLeft') step(-1);
        else if (e.key === 'Escape') onClose();
      }}
    >
      <div className="viewer-head">
        <p className="photo-name">{photo.name}</p>
        <div className="camera-controls">
          {photos.length > 1 && (
            <>
              <button type="button" onClick={() => step(-1)} aria-label={t('viewerPrev')}>
                ←
              </button>
              <button type="button" onClick={() => step(1)} aria-label={t('viewerNext')}>
                →
              </button>
            </>
          )}
          <button type="button" onClick={onClose} data-testid="viewer-close">
            {t('viewerClose')}
          </button>
        </div>
      </div>
      <div className="stage viewer-stage">
        <img className="stage-media" src={photo.url ?? undefined} alt={photo.name} />
        <FaceOverlay faces={photo.faces} width={photo.width} height={photo.height} />
      </div>
      <PhotoStatus photo={photo} t={t} />
      <p className="muted">{t('viewerHint')}</p>
    </dialog>
  );
}
