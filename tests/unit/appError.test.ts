import { describe, expect, it } from 'vitest';
import {
  AppError,
  ERROR_CODES,
  ERROR_PARAMS,
  formatErrorData,
  isAppErrorCode,
  toAppError,
  toErrorData,
} from '../../src/core/appError';
import { EnsembleSpecError } from '../../src/core/ensembleSpec';

describe('AppError', () => {
  it('carries its code and params, with the English message given or one made from them', () => {
    const given = new AppError('model-missing', { file: 'a.bin', status: 404 }, 'a.bin is missing (HTTP 404)');
    expect(given).toBeInstanceOf(Error);
    expect([given.name, given.code, given.message]).toEqual([
      'AppError',
      'model-missing',
      'a.bin is missing (HTTP 404)',
    ]);
    expect(given.toData()).toEqual({ code: 'model-missing', params: { file: 'a.bin', status: 404 } });
    expect(new AppError('model-bad-json', { file: 'b.json' }).message).toBe('model-bad-json (file=b.json)');
    expect(new AppError('camera-denied', {}).message).toBe('camera-denied');
  });

  it('writes a nested cause into the made-up message', () => {
    const data = toErrorData(
      new AppError('photo-check-failed', { file: 'p.jpg', cause: { code: 'engine-not-ready', params: {} } }),
    );
    expect(formatErrorData(data)).toBe('photo-check-failed (file=p.jpg, cause=engine-not-ready)');
  });

  it('keeps an AppError as it is and makes anything else `unexpected` with its text', () => {
    const spec = new EnsembleSpecError('unsupported version', 2);
    expect(toAppError(spec)).toBe(spec);
    expect(spec.toData()).toEqual({ code: 'spec-invalid', params: { problem: 'unsupported version', value: '2' } });
    const boom = new TypeError('boom');
    const wrapped = toAppError(boom);
    expect(wrapped.toData()).toEqual({ code: 'unexpected', params: { detail: 'boom' } });
    expect(wrapped.cause).toBe(boom);
    expect(toErrorData('plain text')).toEqual({ code: 'unexpected', params: { detail: 'plain text' } });
    expect(toErrorData(undefined)).toEqual({ code: 'unexpected', params: { detail: 'undefined' } });
  });

  it('lists every code once, and knows its own codes', () => {
    expect(ERROR_CODES).toEqual(Object.keys(ERROR_PARAMS));
    expect(ERROR_CODES.every(isAppErrorCode)).toBe(true);
    expect(isAppErrorCode('toString')).toBe(false);
    expect(isAppErrorCode('nope')).toBe(false);
  });
});
