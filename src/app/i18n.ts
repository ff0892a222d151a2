/**
 * The UI's words in English and Korean. English is the reference: Korean must
 * have every key (the type checks it), and `{name}` placeholders are filled by
 * `translate`.
 */
import type { AppErrorCode, AppErrorData, ErrorParamValue } from '../core/appError';

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  appTitle: 'maskcheck',
  tagline: 'Mask, gender and age check for every face. Nothing leaves this device.',
  language: 'Language',
  backend: 'Compute backend',
  backendAuto: 'Automatic',
  backend_webgpu: 'WebGPU (graphics card)',
  backend_webgl: 'WebGL (graphics card)',
  backend_wasm: 'WebAssembly (processor)',
  backend_cpu: 'JavaScript (processor, slow)',
  activeBackend: 'Running on {backend}',
  backendSkipped: '{backend} skipped: {error}',
  backendFellBack: '{from} stopped working ({error}); switched to {backend}.',
  modelLoading: 'Loading models…',
  modelLoadingProgress: 'Loading models… {loaded} of {total} MB',
  modelReady: 'Models ready: {members} voting models',
  modelError: 'The models could not be loaded: {error}',
  retry: 'Try again',
  offlineReady: 'Ready to work offline',
  support_slow_compute:
    'This browser has neither WebAssembly nor WebGL, so faces are checked with plain JavaScript: several seconds per photo, and the camera view lags. A current Chrome, Edge, Firefox or Safari is much faster.',
  support_camera_insecure:
    'The camera cannot be used on this page: browsers allow it only on secure pages (https:// or localhost). Photo checks still work.',
  support_camera_missing:
    'This browser cannot use a camera (it is too old, or its camera access is turned off). Use a current Chrome, Edge, Firefox or Safari for the camera; photo checks still work.',

  camera: 'Camera',
  cameraStart: 'Start camera',
  cameraStop: 'Stop camera',
  cameraStarting: 'Opening the camera…',
  cameraOff: 'The camera is off.',
  cameraPhotosStillWork: 'Photo checks below still work.',
  fps: '{fps} FPS',
  secondsPerFrame: '{seconds} s per frame',
  facesSeen: '{count} faces',
  facesSeen_one: '1 face',
  noFaces: 'No face in view',
  analysisError: 'Analysis failed: {error}',

  mask_wear: 'Mask on',
  mask_incorrect: 'Mask worn wrongly',
  mask_not_wear: 'No mask',
  gender_male: 'Male',
  gender_female: 'Female',
  'age_<30': 'Under 30',
  'age_30-59': '30–59',
  'age_>=60': '60 and over',
  notSure: 'Not sure',
  notSureOf: '{label}?',
  bestGuess: 'best guess: {label}',
  votesHelp: '{votes} of {total} models say “{label}”; on average they give it {percent}%.',
  votesHelpUnsure:
    'Not sure: only {votes} of {total} models say “{label}” (the best guess), and on average they give it {percent}%.',
  faceLabel: 'Face {n}: {mask}, {gender}, {age}. {votes}',

  photos: 'Photo check',
  photosHint: 'Drop photos here, or choose them. They are checked on this device and never uploaded.',
  photosPick: 'Choose photos',
  photosClear: 'Clear photos',
  photosCsv: 'Download CSV',
  photosCsvWaiting: 'Download CSV (waiting for {count} photos)',
  photosCsvWaiting_one: 'Download CSV (waiting for 1 photo)',
  photosDuplicates: 'Already in the list, not added again: {names}',
  photoOpen: 'Open {name} large',
  viewerClose: 'Close',
  viewerPrev: 'Previous photo',
  viewerNext: 'Next photo',
  viewerHint: 'Esc closes; ← and → show the other photos.',
  tableHint:
    'Under each answer: how many of the models gave it, and how sure they are of it on average. “Not sure” answers keep their best guess.',
  photoPending: 'Checking…',
  photoNoFaces:
    'No face found. Faces should look towards the camera and be at least about 48 pixels across; smaller faces may be missed.',
  photoFaces: '{count} faces',
  photoFaces_one: '1 face',
  photoTooSmall:
    'No face big enough to check: {count} faces are smaller than {min} pixels across. Use a closer or sharper photo.',
  photoTooSmall_one:
    'No face big enough to check: 1 face is smaller than {min} pixels across. Use a closer or sharper photo.',
  photoAlsoTooSmall: '{count} more faces are too small to check (under {min} pixels).',
  photoAlsoTooSmall_one: '1 more face is too small to check (under {min} pixels).',
  colFile: 'File',
  colFace: 'Face',
  colMask: 'Mask',
  colGender: 'Gender',
  colAge: 'Age group',
  colBox: 'Box (x, y, w, h)',
  colStatus: 'Result',

  kiosk: 'Kiosk mode',
  kioskExit: 'Leave kiosk mode',
  kioskAllGood: 'Thank you for wearing a mask',
  kioskNoMask: 'Please put on a mask',
  kioskIncorrect: 'Please cover your nose and mouth',
  kioskWaiting: 'Step in front of the camera',
  kioskChecking: 'Checking… please look at the camera',
  kioskStart: 'Tap to start full screen',
  kioskStartHint: 'Esc or “Leave kiosk mode” goes back to the normal view.',
  kioskCounts: 'People seen per hour',
  countsHour: 'Hour',
  countsPeople: 'People',
  countsEmpty: 'Nobody counted yet. People are counted once each in kiosk mode.',
  countsTotal: '{count} people: {wear} with a mask, {incorrect} worn wrongly, {not_wear} without',
  countsTotal_one: '1 person: {wear} with a mask, {incorrect} worn wrongly, {not_wear} without',
  countsCsv: 'Download counts (CSV)',
  countsReset: 'Reset counts',
  countsResetConfirm: 'Delete all counts kept on this device?',
  countsProblem: 'Some stored counts could not be read: {problem}',
  wasmThreads: 'WASM threads',
  wasmThreadsAuto: 'Automatic ({threads})',
  wasmThreadsApplyReload: 'The page reloads to apply a new thread count.',
  wasmRunsThreaded: 'WASM: {simd}, {threads} threads',
  wasmRunsSingle: 'WASM: {simd}, single thread',
  'wasmSingle_not-isolated': 'the page is not cross-origin isolated',
  wasmSingle_setting: 'set in the settings',
  'wasmSingle_one-core': 'one CPU core',
  wasmSimdOn: 'SIMD',
  wasmSimdOff: 'no SIMD',

  // Errors, one per code in core/appError.ts. Those shown after a colon or in
  // brackets (models, backends, counts) are phrases; camera and photo ones stand alone.
  'error_spec-unreachable': '{file} could not be fetched: {detail}',
  'error_spec-missing': '{file} is missing (HTTP {status})',
  'error_spec-bad-json': '{file} is damaged (not valid JSON): {detail}',
  'error_spec-invalid': 'ensemble.json is not valid: {problem} (got {value})',
  'error_model-unlisted': "{file} is not listed in ensemble.json's sha256 table",
  'error_model-unreachable': 'the model file {file} could not be fetched: {detail}',
  'error_model-missing': 'the model file {file} is missing (HTTP {status})',
  'error_model-corrupt': '{file} is damaged or altered: sha256 {actual} instead of {expected}',
  'error_model-bad-json': '{file} is damaged (not valid JSON)',
  'error_model-load-failed': 'the model file {file} could not be loaded: {detail}',
  'error_no-backend': 'no compute backend works in this browser (tried {tried})',
  'error_webgpu-missing': 'this browser has no WebGPU',
  'error_webgpu-no-adapter': 'no WebGPU adapter (graphics card) is available',
  'error_webgpu-software': 'the WebGPU adapter is a software fallback, not a graphics card',
  'error_webgl-no-browser': 'WebGL needs a browser',
  'error_webgl-software': 'WebGL runs in software ({renderer}), slower than WebAssembly',
  'error_backend-rejected': 'tfjs could not switch to it',
  'error_backend-probe-wrong': 'a test calculation gave {value} instead of 14',
  'error_backend-failed': 'it did not start: {detail}',
  'error_webgpu-device-lost': 'the WebGPU device was lost ({detail})',
  'error_webgl-context-lost': 'the WebGL context was lost',
  'error_engine-not-ready': 'the models are not loaded yet',
  'error_camera-denied':
    'Camera access was denied. Allow the camera for this site in the browser settings, then try again.',
  'error_camera-missing': 'No camera was found. Plug one in, then try again.',
  'error_camera-unplugged': 'The camera stopped (unplugged or taken by another app). Reconnect it, then try again.',
  'error_camera-unsupported':
    'This browser cannot open a camera here: it needs a current browser and a secure page (https:// or localhost).',
  'error_camera-failed': 'The camera could not be opened: {detail}',
  'error_photo-empty': 'The file {file} is empty (0 bytes).',
  'error_photo-not-image': '{file} is not an image (JPEG, PNG, GIF, WebP or BMP expected).',
  'error_photo-too-large': 'The file {file} is too large ({size} MB; the limit is {limit} MB).',
  'error_photo-too-many-pixels': 'The image {file} is too large ({megapixels} megapixels; the limit is {limit}).',
  'error_photo-damaged': 'The image {file} is damaged or cut short and cannot be read.',
  'error_photo-check-failed': 'The check of {file} failed: {cause}',
  'error_counts-not-json': 'stored counts are not JSON ({detail}); starting again',
  'error_counts-unknown-format': 'stored counts have an unknown format; starting again',
  'error_counts-dropped-hours': 'dropped unreadable stored counts for {hours}',
  error_unexpected: 'unexpected error ({detail})',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const ko: Messages = {
  appTitle: 'maskcheck',
  tagline: '얼굴마다 마스크 착용, 성별, 연령대를 확인합니다. 어떤 데이터도 이 기기를 벗어나지 않습니다.',
  language: '언어',
  backend: '연산 백엔드',
  backendAuto: '자동',
  backend_webgpu: 'WebGPU (그래픽 카드)',
  backend_webgl: 'WebGL (그래픽 카드)',
  backend_wasm: 'WebAssembly (프로세서)',
  backend_cpu: 'JavaScript (프로세서, 느림)',
  activeBackend: '{backend}에서 실행 중',
  backendSkipped: '{backend} 건너뜀: {error}',
  backendFellBack: '{from}이(가) 작동을 멈춰({error}) {backend}(으)로 전환했습니다.',
  modelLoading: '모델을 불러오는 중…',
  modelLoadingProgress: '모델을 불러오는 중… {total} MB 중 {loaded} MB',
  modelReady: '모델 준비 완료: 투표 모델 {members}개',
  modelError: '모델을 불러오지 못했습니다: {error}',
  retry: '다시 시도',
  offlineReady: '오프라인에서도 사용할 수 있습니다',
  support_slow_compute:
    '이 브라우저는 WebAssembly와 WebGL을 지원하지 않아 일반 JavaScript로 얼굴을 확인합니다. 사진 한 장에 몇 초가 걸리고 카메라 화면이 느려집니다. 최신 Chrome, Edge, Firefox 또는 Safari를 사용하면 훨씬 빠릅니다.',
  support_camera_insecure:
    '이 페이지에서는 카메라를 사용할 수 없습니다. 브라우저는 보안 페이지(https:// 또는 localhost)에서만 카메라를 허용합니다. 사진 확인은 계속 사용할 수 있습니다.',
  support_camera_missing:
    '이 브라우저에서는 카메라를 사용할 수 없습니다(오래된 브라우저이거나 카메라 접근이 꺼져 있음). 카메라를 쓰려면 최신 Chrome, Edge, Firefox 또는 Safari를 사용하세요. 사진 확인은 계속 사용할 수 있습니다.',

  camera: '카메라',
  cameraStart: '카메라 켜기',
  cameraStop: '카메라 끄기',
  cameraStarting: '카메라를 여는 중…',
  cameraOff: '카메라가 꺼져 있습니다.',
  cameraPhotosStillWork: '아래의 사진 확인은 계속 사용할 수 있습니다.',
  fps: '{fps} FPS',
  secondsPerFrame: '프레임당 {seconds}초',
  facesSeen: '얼굴 {count}개',
  facesSeen_one: '얼굴 1개',
  noFaces: '보이는 얼굴이 없습니다',
  analysisError: '분석 실패: {error}',

  mask_wear: '마스크 착용',
  mask_incorrect: '마스크 잘못 착용',
  mask_not_wear: '마스크 미착용',
  gender_male: '남성',
  gender_female: '여성',
  'age_<30': '30세 미만',
  'age_30-59': '30–59세',
  'age_>=60': '60세 이상',
  notSure: '확실하지 않음',
  notSureOf: '{label}?',
  bestGuess: '가장 가능성 높은 답: {label}',
  votesHelp: '모델 {total}개 중 {votes}개가 “{label}”(이)라고 답했고, 평균 확신도는 {percent}%입니다.',
  votesHelpUnsure:
    '확실하지 않음: 모델 {total}개 중 {votes}개만 “{label}”(이)라고 답했고(가장 가능성 높은 답), 평균 확신도는 {percent}%입니다.',
  faceLabel: '얼굴 {n}: {mask}, {gender}, {age}. {votes}',

  photos: '사진 확인',
  photosHint: '사진을 여기에 끌어다 놓거나 선택하세요. 사진은 이 기기에서만 확인되며 업로드되지 않습니다.',
  photosPick: '사진 선택',
  photosClear: '사진 지우기',
  photosCsv: 'CSV 내려받기',
  photosCsvWaiting: 'CSV 내려받기 (사진 {count}장 확인 대기 중)',
  photosCsvWaiting_one: 'CSV 내려받기 (사진 1장 확인 대기 중)',
  photosDuplicates: '이미 목록에 있어 다시 추가하지 않았습니다: {names}',
  photoOpen: '{name} 크게 보기',
  viewerClose: '닫기',
  viewerPrev: '이전 사진',
  viewerNext: '다음 사진',
  viewerHint: 'Esc로 닫고, ←와 →로 다른 사진을 봅니다.',
  tableHint:
    '각 답 아래: 그 답을 낸 모델의 수와 평균 확신도. “확실하지 않음”인 답도 가장 가능성 높은 답을 함께 보여 줍니다.',
  photoPending: '확인 중…',
  photoNoFaces:
    '얼굴을 찾지 못했습니다. 얼굴이 카메라를 향하고 가로 약 48픽셀 이상이어야 하며, 이보다 작은 얼굴은 놓칠 수 있습니다.',
  photoFaces: '얼굴 {count}개',
  photoFaces_one: '얼굴 1개',
  photoTooSmall:
    '확인할 수 있을 만큼 큰 얼굴이 없습니다. 얼굴 {count}개가 가로 {min}픽셀보다 작습니다. 더 가까이에서 찍은 선명한 사진을 사용하세요.',
  photoTooSmall_one:
    '확인할 수 있을 만큼 큰 얼굴이 없습니다. 얼굴 1개가 가로 {min}픽셀보다 작습니다. 더 가까이에서 찍은 선명한 사진을 사용하세요.',
  photoAlsoTooSmall: '얼굴 {count}개는 너무 작아 확인하지 못했습니다({min}픽셀 미만).',
  photoAlsoTooSmall_one: '얼굴 1개는 너무 작아 확인하지 못했습니다({min}픽셀 미만).',
  colFile: '파일',
  colFace: '얼굴',
  colMask: '마스크',
  colGender: '성별',
  colAge: '연령대',
  colBox: '상자 (x, y, 너비, 높이)',
  colStatus: '결과',

  kiosk: '키오스크 모드',
  kioskExit: '키오스크 모드 끝내기',
  kioskAllGood: '마스크를 착용해 주셔서 감사합니다',
  kioskNoMask: '마스크를 착용해 주세요',
  kioskIncorrect: '코와 입을 가려 주세요',
  kioskWaiting: '카메라 앞에 서 주세요',
  kioskChecking: '확인 중… 카메라를 바라봐 주세요',
  kioskStart: '눌러서 전체 화면으로 시작',
  kioskStartHint: 'Esc 또는 “키오스크 모드 끝내기”를 누르면 일반 화면으로 돌아갑니다.',
  kioskCounts: '시간대별 방문자 수',
  countsHour: '시간',
  countsPeople: '인원',
  countsEmpty: '아직 집계된 사람이 없습니다. 키오스크 모드에서 한 사람당 한 번씩 집계됩니다.',
  countsTotal: '{count}명: 마스크 착용 {wear}명, 잘못 착용 {incorrect}명, 미착용 {not_wear}명',
  countsTotal_one: '1명: 마스크 착용 {wear}명, 잘못 착용 {incorrect}명, 미착용 {not_wear}명',
  countsCsv: '집계 내려받기 (CSV)',
  countsReset: '집계 초기화',
  countsResetConfirm: '이 기기에 저장된 모든 집계를 지울까요?',
  countsProblem: '저장된 집계 일부를 읽지 못했습니다: {problem}',
  wasmThreads: 'WASM 스레드',
  wasmThreadsAuto: '자동 ({threads})',
  wasmThreadsApplyReload: '새 스레드 수를 적용하려면 페이지를 다시 불러옵니다.',
  wasmRunsThreaded: 'WASM: {simd}, 스레드 {threads}개',
  wasmRunsSingle: 'WASM: {simd}, 단일 스레드',
  'wasmSingle_not-isolated': '페이지가 교차 출처 격리되지 않음',
  wasmSingle_setting: '설정에서 지정함',
  'wasmSingle_one-core': 'CPU 코어 1개',
  wasmSimdOn: 'SIMD',
  wasmSimdOff: 'SIMD 없음',

  'error_spec-unreachable': '{file} 파일을 가져오지 못했습니다: {detail}',
  'error_spec-missing': '{file} 파일이 없습니다(HTTP {status})',
  'error_spec-bad-json': '{file} 파일이 손상되었습니다(올바른 JSON이 아님): {detail}',
  'error_spec-invalid': 'ensemble.json 파일이 올바르지 않습니다: {problem} (값: {value})',
  'error_model-unlisted': '{file} 파일이 ensemble.json의 sha256 목록에 없습니다',
  'error_model-unreachable': '모델 파일 {file}을(를) 가져오지 못했습니다: {detail}',
  'error_model-missing': '모델 파일 {file}이(가) 없습니다(HTTP {status})',
  'error_model-corrupt': '{file} 파일이 손상되었거나 변경되었습니다: sha256이 {expected}이(가) 아니라 {actual}입니다',
  'error_model-bad-json': '{file} 파일이 손상되었습니다(올바른 JSON이 아님)',
  'error_model-load-failed': '모델 파일 {file}을(를) 불러오지 못했습니다: {detail}',
  'error_no-backend': '이 브라우저에서 작동하는 연산 백엔드가 없습니다(시도한 백엔드: {tried})',
  'error_webgpu-missing': '이 브라우저는 WebGPU를 지원하지 않습니다',
  'error_webgpu-no-adapter': 'WebGPU로 쓸 수 있는 그래픽 카드가 없습니다',
  'error_webgpu-software': 'WebGPU가 그래픽 카드가 아닌 소프트웨어로 실행됩니다',
  'error_webgl-no-browser': 'WebGL은 브라우저에서만 사용할 수 있습니다',
  'error_webgl-software': 'WebGL이 소프트웨어({renderer})로 실행되어 WebAssembly보다 느립니다',
  'error_backend-rejected': 'tfjs가 이 백엔드로 전환하지 못했습니다',
  'error_backend-probe-wrong': '시험 계산 결과가 14가 아니라 {value}입니다',
  'error_backend-failed': '시작하지 못했습니다: {detail}',
  'error_webgpu-device-lost': 'WebGPU 장치 연결이 끊어졌습니다({detail})',
  'error_webgl-context-lost': 'WebGL 컨텍스트가 끊어졌습니다',
  'error_engine-not-ready': '모델을 아직 불러오지 않았습니다',
  'error_camera-denied':
    '카메라 권한이 거부되었습니다. 브라우저 설정에서 이 사이트의 카메라를 허용한 뒤 다시 시도하세요.',
  'error_camera-missing': '카메라를 찾을 수 없습니다. 카메라를 연결한 뒤 다시 시도하세요.',
  'error_camera-unplugged': '카메라가 멈췄습니다(연결 해제 또는 다른 앱이 사용 중). 다시 연결한 뒤 다시 시도하세요.',
  'error_camera-unsupported':
    '이 브라우저에서는 카메라를 열 수 없습니다. 최신 브라우저와 보안 페이지(https:// 또는 localhost)가 필요합니다.',
  'error_camera-failed': '카메라를 열지 못했습니다: {detail}',
  'error_photo-empty': '{file} 파일이 비어 있습니다(0바이트).',
  'error_photo-not-image': '{file} 파일은 이미지가 아닙니다(JPEG, PNG, GIF, WebP, BMP만 가능).',
  'error_photo-too-large': '{file} 파일이 너무 큽니다({size} MB, 최대 {limit} MB).',
  'error_photo-too-many-pixels': '{file} 이미지가 너무 큽니다({megapixels} 메가픽셀, 최대 {limit}).',
  'error_photo-damaged': '{file} 이미지가 손상되었거나 잘려 있어 읽을 수 없습니다.',
  'error_photo-check-failed': '{file} 확인에 실패했습니다: {cause}',
  'error_counts-not-json': '저장된 집계가 JSON 형식이 아닙니다({detail}). 새로 시작합니다',
  'error_counts-unknown-format': '저장된 집계의 형식을 알 수 없습니다. 새로 시작합니다',
  'error_counts-dropped-hours': '읽을 수 없는 저장된 집계를 버렸습니다: {hours}',
  error_unexpected: '예기치 않은 오류({detail})',
};

export const MESSAGES: Record<Lang, Messages> = { en, ko };

export type MessageParams = Record<string, string | number>;

/**
 * The message in `lang` with `{name}` placeholders filled; unknown placeholders
 * stay visible. With `count: 1` the `<key>_one` form is used where there is one.
 */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const one = `${key}_one`;
  const text = params.count === 1 && one in MESSAGES[lang] ? MESSAGES[lang][one as MessageKey] : MESSAGES[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message key of an error code; the type checks that every code has one. */
export const errorKey = (code: AppErrorCode): MessageKey => `error_${code}`;

/** A sha256 as the UI shows it: its first 12 hex digits (logs keep all 64). */
const shortHash = (v: string | number) =>
  typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : v;

/** An error in `lang`, its parameters filled in; an error given as a parameter (a cause) is worded too. */
export function errorText(lang: Lang, error: AppErrorData): string {
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(error.params as Record<string, ErrorParamValue>)) {
    params[name] = typeof value === 'object' ? errorText(lang, value) : shortHash(value);
  }
  return translate(lang, errorKey(error.code), params);
}

/** A backend by the name people read ("WebGPU (graphics card)"), not its tfjs id. */
export const backendKey = (b: 'webgpu' | 'webgl' | 'wasm' | 'cpu'): MessageKey => `backend_${b}`;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The browser's preferred language if we have it, else English. */
export function detectLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}
