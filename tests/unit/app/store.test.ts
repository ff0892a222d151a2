import { describe, expect, it } from 'vitest';
import { SETTINGS_KEY, createAppStore, type SyncStorage } from '../../../src/app/store';
import { KIOSK_COUNTS_KEY, hourKey } from '../../../src/core/kioskCounts';

function memory(initial: Record<string, string> = {}): SyncStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('app store', () => {
  it('remembers only the language, backend and WASM thread settings', () => {
    const storage = memory();
    const store = createAppStore(storage);
    store.getState().setLang('ko');
    store.getState().setBackendPref('wasm');
    store.getState().setWasmThreads(2);
    store.getState().setCamera({ status: 'running', fps: 3 });
    store.getState().setKiosk(true);
    const saved = JSON.parse(storage.data.get(SETTINGS_KEY)!);
    expect(saved.state).toEqual({ lang: 'ko', backendPref: 'wasm', wasmThreads: 2 });

    const again = createAppStore(storage);
    expect(again.getState().lang).toBe('ko');
    expect(again.getState().backendPref).toBe('wasm');
    expect(again.getState().wasmThreads).toBe(2);
    expect(again.getState().camera.status).toBe('off');
    expect(again.getState().kiosk).toBe(false);
  });

  it('ignores stored values it does not know', () => {
    const storage = memory({
      [SETTINGS_KEY]: JSON.stringify({ state: { lang: 'xx', backendPref: 'tpu', wasmThreads: 5 }, version: 1 }),
    });
    const store = createAppStore(storage, 'ko');
    expect(store.getState().lang).toBe('ko');
    expect(store.getState().backendPref).toBe('auto');
    expect(store.getState().wasmThreads).toBe('auto');
  });

  it('updates one photo and one camera field without touching the rest', () => {
    const store = createAppStore(memory());
    const base = {
      status: 'pending' as const,
      error: null,
      width: 0,
      height: 0,
      url: null,
      faces: [],
      tooSmall: 0,
    };
    store.getState().addPhotos([
      { ...base, id: 1, name: 'a.jpg', key: 'a' },
      { ...base, id: 2, name: 'b.jpg', key: 'b' },
    ]);
    store.getState().updatePhoto(2, { status: 'error', error: { code: 'photo-damaged', params: { file: 'b.jpg' } } });
    expect(store.getState().photos.map((p) => [p.name, p.status])).toEqual([
      ['a.jpg', 'pending'],
      ['b.jpg', 'error'],
    ]);
    store.getState().setCamera({ fps: 4 });
    expect(store.getState().camera.status).toBe('off');
    expect(store.getState().camera.fps).toBe(4);
    store.getState().clearPhotos();
    expect(store.getState().photos).toEqual([]);
  });

  it('keeps kiosk counts under their own key, across visits, until reset', () => {
    const storage = memory();
    const store = createAppStore(storage);
    const at = new Date(2026, 10, 27, 9, 15).getTime();
    store.getState().countPeople(['wear', 'wear', 'not_wear'], at);
    const again = createAppStore(storage);
    expect(again.getState().counts.hours[hourKey(at)]).toEqual({ wear: 2, incorrect: 0, not_wear: 1 });
    expect(JSON.parse(storage.data.get(SETTINGS_KEY)!).state).not.toHaveProperty('counts');
    again.getState().resetCounts();
    expect(createAppStore(storage).getState().counts.hours).toEqual({});
  });

  it('starts empty and says so when stored counts are unreadable', () => {
    const store = createAppStore(memory({ [KIOSK_COUNTS_KEY]: '{not json' }));
    expect(store.getState().counts.hours).toEqual({});
    expect(store.getState().countsProblem).toMatchObject({
      code: 'counts-not-json',
      params: { detail: expect.any(String) },
    });
  });
});
