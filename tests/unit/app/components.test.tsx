// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CountsPanel } from '../../../src/app/components/Counts';
import { FaceOverlay, labelFontPx } from '../../../src/app/components/FaceOverlay';
import { Header } from '../../../src/app/components/Header';
import { KioskSign } from '../../../src/app/components/KioskSign';
import { ServicesContext, type Services } from '../../../src/app/components/services';
import type { FaceView } from '../../../src/app/labels';
import { appStore } from '../../../src/app/store';

const initial = appStore.getState();

const face = (mask: FaceView['mask'], id = 0, unsure = false): FaceView => ({
  id,
  box: { x: 100, y: 50, w: 200, h: 100 },
  mask,
  gender: 'male',
  age: '30-59',
  heads: {
    mask: { votes: 3, confidence: 0.42, unsure },
    gender: { votes: 5, confidence: 0.9, unsure: false },
    age: { votes: 4, confidence: 0.7, unsure: false },
  },
  total: 5,
});

beforeEach(() => {
  appStore.setState(initial, true);
});

afterEach(() => {
  cleanup();
});

describe('FaceOverlay', () => {
  it('places boxes in percent of the frame and words every label, with the mask head’s agreement', () => {
    render(<FaceOverlay faces={[face('incorrect')]} width={400} height={200} />);
    const box = screen.getByTestId('face-box');
    expect(box.style.left).toBe('25%');
    expect(box.style.top).toBe('25%');
    expect(box.style.width).toBe('50%');
    expect(box.style.height).toBe('50%');
    expect(box.getAttribute('data-mask')).toBe('incorrect');
    expect(box.getAttribute('aria-label')).toBe(
      'Face 1: Mask worn wrongly, Male, 30–59. 3 of 5 models say “Mask worn wrongly”; on average they give it 42%.',
    );
    const label = screen.getByTestId('face-label');
    expect(label.textContent).toContain('!');
    expect(label.textContent).toContain('3/5 · 42%');
    expect(label.querySelector('.face-votes')!.getAttribute('title')).toBe(
      '3 of 5 models say “Mask worn wrongly”; on average they give it 42%.',
    );
  });

  it('shows a face it is not sure of in its own colour, symbol and words', () => {
    render(<FaceOverlay faces={[face('wear', 0, true)]} width={400} height={200} />);
    const box = screen.getByTestId('face-box');
    expect(box.className).toContain('tone-unsure');
    expect(box.getAttribute('data-unsure')).toBe('true');
    const label = screen.getByTestId('face-label');
    expect(label.textContent).toContain('?');
    expect(label.textContent).toContain('Not sure');
    expect(label.textContent).not.toContain('Mask on');
    expect(box.getAttribute('aria-label')).toContain('“Mask on” (the best guess)');
  });

  it('scales the labels’ type with the shown media', () => {
    expect(labelFontPx(256, false)).toBe(10);
    expect(labelFontPx(120, false)).toBe(9);
    expect(labelFontPx(1200, false)).toBe(14);
    expect(labelFontPx(1200, true)).toBe(40);
  });

  it('follows the language setting', () => {
    render(<FaceOverlay faces={[face('wear')]} width={400} height={200} />);
    act(() => appStore.getState().setLang('ko'));
    expect(screen.getByTestId('face-label').textContent).toContain('마스크 착용');
  });

  it('draws nothing before a frame size is known', () => {
    const { container } = render(<FaceOverlay faces={[face('wear')]} width={0} height={0} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('KioskSign', () => {
  const start = vi.fn(async () => undefined);
  const services = { engine: { start } } as unknown as Services;
  const sign = (faces: FaceView[]) =>
    render(
      <ServicesContext.Provider value={services}>
        <KioskSign faces={faces} running />
      </ServicesContext.Provider>,
    );

  it.each([
    [[], 'none', 'Step in front of the camera'],
    [[face('wear')], 'wear', 'Thank you for wearing a mask'],
    [[face('wear'), face('incorrect', 1)], 'incorrect', 'Please cover your nose and mouth'],
    [[face('incorrect'), face('not_wear', 1)], 'not_wear', 'Please put on a mask'],
    [[face('wear', 0, true)], 'checking', 'Checking… please look at the camera'],
    [[face('wear'), face('not_wear', 1, true)], 'checking', 'Checking… please look at the camera'],
  ])('%#: shows the worst state in words and a symbol', (faces, state, words) => {
    appStore.getState().setEngine({ status: 'ready' });
    sign(faces);
    const el = screen.getByTestId('kiosk-sign');
    expect(el.getAttribute('data-state')).toBe(state);
    expect(el.textContent).toContain(words);
    expect(el.getAttribute('role')).toBe('status');
  });

  it('shows loading, then a model failure with a retry, since the kiosk hides the header', () => {
    sign([face('wear')]);
    expect(screen.getByTestId('kiosk-sign').textContent).toBe('Loading models…');
    const missing = { code: 'model-missing', params: { file: 'faceres.bin', status: 404 } } as const;
    act(() => appStore.getState().setEngine({ status: 'error', error: missing }));
    expect(screen.getByTestId('kiosk-sign').textContent).toContain('the model file faceres.bin is missing (HTTP 404)');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(start).toHaveBeenCalledWith('auto');
  });
});

describe('Header', () => {
  const start = vi.fn(async () => undefined);
  const services = { engine: { start } } as unknown as Services;

  it('switches language and backend through labelled selects', () => {
    render(
      <ServicesContext.Provider value={services}>
        <Header />
      </ServicesContext.Provider>,
    );
    fireEvent.change(screen.getByLabelText('Compute backend'), { target: { value: 'cpu' } });
    expect(appStore.getState().backendPref).toBe('cpu');
    expect(start).toHaveBeenCalledWith('cpu');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'ko' } });
    expect(appStore.getState().lang).toBe('ko');
    expect(screen.getByLabelText('연산 백엔드')).toBeTruthy();
  });

  it('names backends as people read them, not by their tfjs ids', () => {
    render(
      <ServicesContext.Provider value={services}>
        <Header />
      </ServicesContext.Provider>,
    );
    const options = within(screen.getByTestId('backend-select')).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'Automatic',
      'WebGPU (graphics card)',
      'WebGL (graphics card)',
      'WebAssembly (processor)',
      'JavaScript (processor, slow)',
    ]);
    act(() => appStore.getState().setEngine({ status: 'ready', backend: 'wasm', members: 5 }));
    expect(screen.getByTestId('engine-status').textContent).toContain('Running on WebAssembly (processor)');
  });

  it('shows model download progress in MB', () => {
    appStore.getState().setEngine({ status: 'loading', progress: { loaded: 7_900_000, total: 12_300_000 } });
    render(
      <ServicesContext.Provider value={services}>
        <Header />
      </ServicesContext.Provider>,
    );
    expect(screen.getByTestId('engine-status').textContent).toContain('Loading models… 7.9 of 12.3 MB');
    expect(screen.getByTestId('model-progress').getAttribute('value')).toBe('7900000');
  });

  it('shows a model error with a retry that restarts the engine', () => {
    appStore.getState().setEngine({
      status: 'error',
      error: { code: 'spec-missing', params: { file: 'ensemble.json', status: 404 } },
    });
    render(
      <ServicesContext.Provider value={services}>
        <Header />
      </ServicesContext.Provider>,
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'The models could not be loaded: ensemble.json is missing (HTTP 404)',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(start).toHaveBeenLastCalledWith('auto');
    // The same error in Korean, the file name kept.
    act(() => appStore.getState().setLang('ko'));
    expect(screen.getByRole('alert').textContent).toContain(
      '모델을 불러오지 못했습니다: ensemble.json 파일이 없습니다(HTTP 404)',
    );
  });
});

describe('CountsPanel', () => {
  it('says nobody was counted yet, with export and reset disabled', () => {
    render(<CountsPanel />);
    expect(screen.getByText(/Nobody counted yet/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Reset counts' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('charts people per hour with numbers and symbols, and resets after confirming', () => {
    const at = new Date(2026, 10, 27, 14, 5).getTime();
    appStore.getState().countPeople(['wear', 'wear', 'incorrect', 'not_wear'], at);
    appStore.getState().countPeople(['wear'], at + 3_600_000);
    render(<CountsPanel />);
    expect(screen.getByTestId('counts-total').textContent).toBe('5 people: 3 with a mask, 1 worn wrongly, 1 without');
    const rows = within(screen.getByTestId('counts-chart')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['11-27 14:004✓ 2! 1✕ 1', '11-27 15:001✓ 1! 0✕ 0']);
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(screen.getByRole('button', { name: 'Reset counts' }));
    expect(appStore.getState().counts.hours).not.toEqual({});
    fireEvent.click(screen.getByRole('button', { name: 'Reset counts' }));
    expect(appStore.getState().counts.hours).toEqual({});
    expect(confirm).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });
});
