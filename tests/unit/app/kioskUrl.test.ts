import { describe, expect, it } from 'vitest';
import { kioskFromSearch } from '../../../src/app/kioskUrl';

describe('kioskFromSearch', () => {
  it.each([
    ['', false],
    ['?lang=ko', false],
    ['?kiosk', true],
    ['?kiosk=', true],
    ['?kiosk=1', true],
    ['?kiosk=true', true],
    ['?kiosk=door1', true],
    ['?kiosk=0', false],
    ['?kiosk=false', false],
    ['?kiosk=FALSE', false],
    ['?kiosk=no', false],
    ['?kiosk=off', false],
  ])('%s -> %s', (search, expected) => {
    expect(kioskFromSearch(search)).toBe(expected);
  });
});
