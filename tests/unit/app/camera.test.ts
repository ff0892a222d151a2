import { describe, expect, it } from 'vitest';
import { cameraErrorStatus } from '../../../src/app/camera';

const domError = (name: string) => Object.assign(new Error(name), { name });

describe('cameraErrorStatus', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'absent'],
    ['OverconstrainedError', 'absent'],
    ['NotReadableError', 'unplugged'],
    ['AbortError', 'unplugged'],
    ['TypeError', 'error'],
  ])('%s means %s', (name, status) => {
    expect(cameraErrorStatus(domError(name))).toBe(status);
  });

  it('handles non-Error values', () => {
    expect(cameraErrorStatus({ name: 'NotAllowedError' })).toBe('denied');
    expect(cameraErrorStatus('boom')).toBe('error');
    expect(cameraErrorStatus(null)).toBe('error');
  });
});
