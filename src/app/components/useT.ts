import { useCallback } from 'react';
import type { AppErrorData } from '../../core/appError';
import { errorText, translate, type MessageKey, type MessageParams } from '../i18n';
import { useApp } from '../store';

/** The translate function for the current language; re-renders on a language switch. */
export function useT(): (key: MessageKey, params?: MessageParams) => string {
  const lang = useApp((s) => s.lang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

/** An error worded in the current language (see `errorText`). */
export function useErrorText(): (error: AppErrorData) => string {
  const lang = useApp((s) => s.lang);
  return useCallback((error) => errorText(lang, error), [lang]);
}
