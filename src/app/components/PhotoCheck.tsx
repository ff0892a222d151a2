/**
 * Photo check: drop or choose many images; each comes back with boxes and
 * labels, a row per face in the table, and a per-file message when a file
 * cannot be checked. Everything stays in the page.
 */
import { useRef, useState, type DragEvent } from 'react';
import { MIN_LABEL_PX } from '../../core/faceSize';
import type { MessageKey } from '../i18n';
import { faceLabelParts } from '../labels';
import { useApp } from '../store';
import type { PhotoItem } from '../store/photos';
import { FaceOverlay } from './FaceOverlay';
import { downloadPhotoCsv } from '../download';
import { useServices } from './services';
import { useT } from './useT';

const ERROR_KEY: Record<NonNullable<PhotoItem['error']>, MessageKey> = {
  not_image: 'err_not_image',
  too_large: 'err_too_large',
  too_many_pixels: 'err_too_many_pixels',
  corrupt: 'err_corrupt',
  analysis: 'err_analysis',
};

export function PhotoCheck() {
  const t = useT();
  const { photos } = useServices();
  const items = useApp((s) => s.photos);
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const take = (files: FileList | null) => {
    if (files && files.length > 0) void photos.add(Array.from(files));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files);
  };
  const done = items.some((p) => p.status !== 'pending');

  return (
    <section className="photos" aria-labelledby="photos-title">
      <div className="section-head">
        <h2 id="photos-title">{t('photos')}</h2>
      </div>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        data-testid="dropzone"
        // Without preventDefault on dragover the browser opens the file instead.
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragEnter={(e) => e.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('photosHint')}</p>
        <button type="button" onClick={() => inputRef.current?.click()}>
          {t('photosPick')}
        </button>
        <input
          ref={inputRef}
          type="file"
          accept="image/*"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('photosPick')}
          data-testid="photo-input"
          onChange={(e) => {
            take(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {items.length > 0 && (
        <>
          <div className="photo-actions">
            <button type="button" disabled={!done} onClick={() => downloadPhotoCsv(items)} data-testid="csv-button">
              {t('photosCsv')}
            </button>
            <button type="button" onClick={() => photos.clear()}>
              {t('photosClear')}
            </button>
          </div>
          <ul className="photo-grid">
            {items.map((p) => (
              <PhotoCard key={p.id} photo={p} />
            ))}
          </ul>
          <ResultsTable items={items} />
        </>
      )}
    </section>
  );
}

function PhotoCard({ photo }: { photo: PhotoItem }) {
  const t = useT();
  return (
    <li className="photo-card" data-testid="photo-card" data-status={photo.status} data-name={photo.name}>
      {photo.url && (
        <div className="stage">
          <img className="stage-media" src={photo.url} alt={photo.name} />
          <FaceOverlay faces={photo.faces} width={photo.width} height={photo.height} />
        </div>
      )}
      <p className="photo-name">{photo.name}</p>
      <PhotoStatus photo={photo} t={t} />
    </li>
  );
}

function PhotoStatus({ photo, t }: { photo: PhotoItem; t: ReturnType<typeof useT> }) {
  if (photo.status === 'pending') return <p role="status">{t('photoPending')}</p>;
  if (photo.status === 'error' && photo.error) {
    return (
      <p className="notice notice-alert" role="alert" data-testid="photo-error" data-error={photo.error}>
        {t(ERROR_KEY[photo.error], photo.errorParams)}
      </p>
    );
  }
  if (photo.faces.length === 0) return <p data-testid="photo-no-face">{noFaceText(photo, t)}</p>;
  return (
    <p>
      {t('photoFaces', { count: photo.faces.length })}
      {photo.tooSmall > 0 && ` ${t('photoAlsoTooSmall', { count: photo.tooSmall, min: MIN_LABEL_PX })}`}
    </p>
  );
}

/** Why a checked photo has no labelled face: none found, or only faces too small to label. */
function noFaceText(photo: PhotoItem, t: ReturnType<typeof useT>): string {
  return photo.tooSmall > 0 ? t('photoTooSmall', { count: photo.tooSmall, min: MIN_LABEL_PX }) : t('photoNoFaces');
}

function ResultsTable({ items }: { items: readonly PhotoItem[] }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  return (
    <table className="results" data-testid="results-table">
      <thead>
        <tr>
          <th scope="col">{t('colFile')}</th>
          <th scope="col">{t('colFace')}</th>
          <th scope="col">{t('colMask')}</th>
          <th scope="col">{t('colGender')}</th>
          <th scope="col">{t('colAge')}</th>
          <th scope="col">{t('colAgreement')}</th>
          <th scope="col">{t('colConfidence')}</th>
          <th scope="col">{t('colBox')}</th>
        </tr>
      </thead>
      <tbody>
        {items.flatMap((p) => {
          if (p.status !== 'done' || p.faces.length === 0) {
            const text =
              p.status === 'pending'
                ? t('photoPending')
                : p.error
                  ? t(ERROR_KEY[p.error], p.errorParams)
                  : noFaceText(p, t);
            return [
              <tr key={p.id} data-testid="result-row" data-name={p.name} data-status={p.status}>
                <th scope="row">{p.name}</th>
                <td colSpan={7}>{text}</td>
              </tr>,
            ];
          }
          return p.faces.map((f, i) => {
            const parts = faceLabelParts(f, lang);
            return (
              <tr
                key={`${p.id}-${f.id}`}
                data-testid="result-row"
                data-name={p.name}
                data-status={p.status}
                data-mask={f.mask}
              >
                <th scope="row">{p.name}</th>
                <td>{i + 1}</td>
                <td>{parts.mask}</td>
                <td>{parts.gender}</td>
                <td>{parts.age}</td>
                <td>{parts.agreementShort}</td>
                <td>{parts.confidence}</td>
                <td>{[f.box.x, f.box.y, f.box.w, f.box.h].map((v) => Math.round(v)).join(', ')}</td>
              </tr>
            );
          });
        })}
      </tbody>
    </table>
  );
}
