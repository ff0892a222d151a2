/** What a photo's card (and the viewer) says under the photo: checking, an error, no face, or how many faces. */
import { MIN_LABEL_PX } from '../../core/faceSize';
import { csvErrorCode } from '../photoTable';
import type { PhotoItem } from '../store/photos';
import { useErrorText, type useT } from './useT';

export function PhotoStatus({ photo, t }: { photo: PhotoItem; t: ReturnType<typeof useT> }) {
  const errorText = useErrorText();
  if (photo.status === 'pending') return <p role="status">{t('photoPending')}</p>;
  if (photo.status === 'error' && photo.error) {
    return (
      // data-error: the CSV's stable code, as before errors carried parameters.
      <p
        className="notice notice-alert"
        role="alert"
        data-testid="photo-error"
        data-error={csvErrorCode(photo.error)}
        data-code={photo.error.code}
      >
        {errorText(photo.error)}
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
export function noFaceText(photo: PhotoItem, t: ReturnType<typeof useT>): string {
  return photo.tooSmall > 0 ? t('photoTooSmall', { count: photo.tooSmall, min: MIN_LABEL_PX }) : t('photoNoFaces');
}
