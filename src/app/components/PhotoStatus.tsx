/** What a photo's card (and the viewer) says under the photo: checking, an error, no face, or how many faces. */
import { MIN_LABEL_PX } from '../../core/faceSize';
import type { MessageKey } from '../i18n';
import type { PhotoItem } from '../store/photos';
import type { useT } from './useT';

export const ERROR_KEY: Record<NonNullable<PhotoItem['error']>, MessageKey> = {
  empty: 'err_empty',
  not_image: 'err_not_image',
  too_large: 'err_too_large',
  too_many_pixels: 'err_too_many_pixels',
  corrupt: 'err_corrupt',
  analysis: 'err_analysis',
};

export function PhotoStatus({ photo, t }: { photo: PhotoItem; t: ReturnType<typeof useT> }) {
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
export function noFaceText(photo: PhotoItem, t: ReturnType<typeof useT>): string {
  return photo.tooSmall > 0 ? t('photoTooSmall', { count: photo.tooSmall, min: MIN_LABEL_PX }) : t('photoNoFaces');
}
