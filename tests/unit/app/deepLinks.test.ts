import { describe, expect, it } from 'vitest';
import { deepLinkTarget, isNavigation } from '../../../vite.config';

describe('deepLinkTarget', () => {
  it.each([
    ['/', '', null],
    ['/index.html', '', null],
    ['/assets/index-abc.js', '', null],
    ['/models/faceres.bin', '', null],
    ['/kiosk/door1', '', '/?kiosk'],
    ['/kiosk', '', '/?kiosk'],
    ['/kiosk/door1', '?lang=ko', '/?lang=ko&kiosk'],
    ['/kiosk/door1', '?kiosk=0', '/?kiosk=0'],
    ['/some/deep/page', '?a=1', '/?a=1'],
    ['/some/deep/page', '', '/'],
  ])('%s%s -> %s', (path, search, expected) => {
    expect(deepLinkTarget(path, search)).toBe(expected);
  });

  it('stays under the base the app is served from', () => {
    expect(deepLinkTarget('/maskcheck/kiosk/door1', '', '/maskcheck/')).toBe('/maskcheck/?kiosk');
    expect(deepLinkTarget('/other/page', '', '/maskcheck/')).toBeNull();
  });

  it('only redirects page navigations', () => {
    expect(isNavigation('GET', 'text/html,application/xhtml+xml')).toBe(true);
    expect(isNavigation('GET', '*/*')).toBe(false);
    expect(isNavigation('POST', 'text/html')).toBe(false);
  });
});
