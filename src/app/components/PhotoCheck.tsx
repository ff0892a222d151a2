/**
 * Photo check: drop or choose many images; each comes back with boxes and
 * labels, a row per face in the table, and a per-file message when a file
 * cannot be checked. A photo opens large in a viewer (Esc closes it, arrow
 * keys move between photos). Everything stays in the page.
 */
import { useRef, useState, type DragEvent } from 'react';
import { HEADS } from '../../core/classes';
import { faceLabelParts, type HeadText } from '../labels';
import { useApp } from '../store';
import type { PhotoItem } from '../store/photos';
import { FaceOverlay } from './FaceOverlay';
import { PhotoStatus, noFaceText } from './PhotoStatus';
import { PhotoViewer } from './PhotoViewer';
import { downloadPhotoCsv } from '../download';
import { useServices } from './services';
import { useErrorText, useT } from './useT';

export function PhotoCheck() {
  const t = useT();
  const { photos } = useServices();
  const items = useApp((s) => s.photos);
  const duplicates = useApp((s) => s.photoDuplicates);
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);

  const take = (files: FileList | null) => {
    if (files && files.length > 0) void photos.add(Array.from(files));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files);
  };
  // The CSV waits for the whole batch: a half-done export would look complete.
  const pending = items.filter((p) => p.status === 'pending').length;
  const viewable = items.filter((p) => p.url);

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
      {duplicates.length > 0 && (
        <p className="notice notice-warn" role="status" data-testid="photo-duplicates">
          {t('photosDuplicates', { names: duplicates.join(', ') })}
        </p>
      )}
      {items.length > 0 && (
        <>
          <div className="photo-actions">
            <button
              type="button"
              disabled={pending > 0}
              onClick={() => downloadPhotoCsv(items)}
              data-testid="csv-button"
              data-pending={pending}
            >
              {pending > 0 ? t('photosCsvWaiting', { count: pending }) : t('photosCsv')}
            </button>
            <button
              type="button"
              onClick={() => {
                setViewing(null);
                photos.clear();
              }}
            >
              {t('photosClear')}
            </button>
          </div>
          <ul className="photo-grid">
            {items.map((p) => (
              <PhotoCard key={p.id} photo={p} onOpen={() => setViewing(p.id)} />
            ))}
          </ul>
          <ResultsTable items={items} />
        </>
      )}
      {viewing !== null && viewable.some((p) => p.id === viewing) && (
        <PhotoViewer photos={viewable} current={viewing} onShow={setViewing} onClose={() => setViewing(null)} />
      )}
    </section>
  );
}

function PhotoCard({ photo, onOpen }: { photo: PhotoItem; onOpen: () => void }) {
  const t = useT();
  return (
    <li className="photo-card" data-testid="photo-card" data-status={photo.status} data-name={photo.name}>
      {photo.url && (
        <div className="stage">
          <img className="stage-media" src={photo.url} alt={photo.name} />
          <button
            type="button"
            className="photo-open"
            data-testid="photo-open"
            aria-label={t('photoOpen', { name: photo.name })}
            onClick={onOpen}
          />
          <FaceOverlay faces={photo.faces} width={photo.width} height={photo.height} />
        </div>
      )}
      <p className="photo-name">{photo.name}</p>
      <PhotoStatus photo={photo} t={t} />
    </li>
  );
}

/** One head's answer in the table: the words, then the models' votes and confidence; "not sure" keeps its best guess. */
function HeadCell({ head, t }: { head: HeadText; t: ReturnType<typeof useT> }) {
  return (
    <td
      className={head.unsure ? 'head-cell unsure' : 'head-cell'}
      data-unsure={head.unsure || undefined}
      title={head.help}
    >
      {head.unsure && <span aria-hidden>? </span>}
      {head.text}
      {head.unsure && <span className="muted"> ({t('bestGuess', { label: head.guess })})</span>}
      <span className="head-votes">
        {head.votes} · {head.confidence}
      </span>
    </td>
  );
}

function ResultsTable({ items }: { items: readonly PhotoItem[] }) {
  const t = useT();
  const errorText = useErrorText();
  const lang = useApp((s) => s.lang);
  return (
    <>
      <table className="results" data-testid="results-table">
        <thead>
          <tr>
            <th scope="col">{t('colFile')}</th>
            <th scope="col">{t('colFace')}</th>
            <th scope="col">{t('colMask')}</th>
            <th scope="col">{t('colGender')}</th>
            <th scope="col">{t('colAge')}</th>
            <th scope="col">{t('colBox')}</th>
          </tr>
        </thead>
        <tbody>
          {items.flatMap((p) => {
            if (p.status !== 'done' || p.faces.length === 0) {
              const text = p.status === 'pending' ? t('photoPending') : p.error ? errorText(p.error) : noFaceText(p, t);
              return [
                <tr key={p.id} data-testid="result-row" data-name={p.name} data-status={p.status}>
                  <th scope="row">{p.name}</th>
                  <td colSpan={5}>{text}</td>
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
                  {HEADS.map((h) => (
                    <HeadCell key={h} head={parts[h]} t={t} />
                  ))}
                  <td>{[f.box.x, f.box.y, f.box.w, f.box.h].map((v) => Math.round(v)).join(', ')}</td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
      <p className="muted table-hint">{t('tableHint')}</p>
    </>
  );
}
