// @vitest-environment happy-dom
/** The browser probe on stubbed browsers, and the notice that words what is missing. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SupportNotice } from '../../../src/app/components/SupportNotice';
import { appStore } from '../../../src/app/store';
import { probeBrowser } from '../../../src/app/support';

type ProbeWindow = Parameters<typeof probeBrowser>[0];

function fakeWindow(o: {
  wasm?: boolean;
  gl?: 'webgl2' | 'webgl' | null;
  gpu?: boolean;
  media?: boolean;
  secure?: boolean;
}) {
  const lost: string[] = [];
  const win = {
    WebAssembly: o.wasm ? { instantiate: () => undefined } : undefined,
    document: {
      createElement: () => ({
        getContext: (type: string) =>
          o.gl && (type === o.gl || (o.gl === 'webgl2' && type === 'webgl'))
            ? { getExtension: () => ({ loseContext: () => lost.push(type) }) }
            : null,
      }),
    },
    navigator: {
      ...(o.gpu ? { gpu: {} } : {}),
      ...(o.media ? { mediaDevices: { getUserMedia: () => undefined } } : {}),
    },
    isSecureContext: o.secure ?? true,
  };
  return { win: win as unknown as ProbeWindow, lost };
}

afterEach(() => {
  cleanup();
  appStore.getState().setSupportIssues([]);
});

describe('probeBrowser', () => {
  it('sees a current browser whole, and lets its probe WebGL context go', () => {
    const { win, lost } = fakeWindow({ wasm: true, gl: 'webgl2', gpu: true, media: true });
    expect(probeBrowser(win)).toEqual({
      webAssembly: true,
      webgl: true,
      webgpu: true,
      getUserMedia: true,
      secureContext: true,
    });
    expect(lost).toEqual(['webgl2']);
  });

  it('sees an old browser: no WebAssembly, WebGL 1 only, no camera API, on an insecure page', () => {
    expect(probeBrowser(fakeWindow({ gl: 'webgl', secure: false }).win)).toEqual({
      webAssembly: false,
      webgl: true,
      webgpu: false,
      getUserMedia: false,
      secureContext: false,
    });
    expect(probeBrowser(fakeWindow({}).win).webgl).toBe(false);
  });
});

describe('SupportNotice', () => {
  it('shows nothing in a browser that has everything', () => {
    render(<SupportNotice />);
    expect(screen.queryByTestId('browser-support')).toBeNull();
  });

  it('words each missing piece, in the chosen language', () => {
    appStore.getState().setSupportIssues(['slow_compute', 'camera_missing']);
    appStore.getState().setLang('en');
    const { unmount } = render(<SupportNotice />);
    const notice = screen.getByTestId('browser-support');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('neither WebAssembly nor WebGL');
    expect(notice.textContent).toContain('photo checks still work');
    unmount();
    appStore.getState().setLang('ko');
    render(<SupportNotice />);
    expect(screen.getByTestId('browser-support').textContent).toContain('WebAssembly와 WebGL을 지원하지 않아');
    appStore.getState().setLang('en');
  });
});
