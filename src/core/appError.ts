/**
 * Every error the app reports to a person, as a code with typed parameters
 * (the file name among them), so the UI words it in the reader's language
 * (app/i18n.ts `error_<code>`) while logs and the CLI keep an English
 * `message`. Plain data (`AppErrorData`) goes into the store; `AppError`
 * is what is thrown.
 */

/** The parameters each code carries, by name; every translation must mention each one. */
export const ERROR_PARAMS = {
  // ensemble.json, the list of model files
  'spec-unreachable': ['file', 'detail'],
  'spec-missing': ['file', 'status'],
  'spec-bad-json': ['file', 'detail'],
  'spec-invalid': ['problem', 'value'],
  // model files
  'model-unlisted': ['file'],
  'model-unreachable': ['file', 'detail'],
  'model-missing': ['file', 'status'],
  'model-corrupt': ['file', 'expected', 'actual'],
  'model-bad-json': ['file'],
  'model-load-failed': ['file', 'detail'],
  // compute backends
  'no-backend': ['tried'],
  'webgpu-missing': [],
  'webgpu-no-adapter': [],
  'webgpu-software': [],
  'webgl-no-browser': [],
  'webgl-software': ['renderer'],
  'backend-rejected': [],
  'backend-probe-wrong': ['value'],
  'backend-failed': ['detail'],
  'webgpu-device-lost': ['detail'],
  'webgl-context-lost': [],
  'engine-not-ready': [],
  // camera
  'camera-denied': [],
  'camera-missing': [],
  'camera-unplugged': [],
  'camera-unsupported': [],
  'camera-failed': ['detail'],
  // photo checks
  'photo-empty': ['file'],
  'photo-not-image': ['file'],
  'photo-too-large': ['file', 'size', 'limit'],
  'photo-too-many-pixels': ['file', 'megapixels', 'limit'],
  'photo-damaged': ['file'],
  'photo-check-failed': ['file', 'cause'],
  // kiosk counts kept on the device
  'counts-not-json': ['detail'],
  'counts-unknown-format': [],
  'counts-dropped-hours': ['hours'],
  // anything thrown that is none of the above
  unexpected: ['detail'],
} as const satisfies Record<string, readonly string[]>;

export type AppErrorCode = keyof typeof ERROR_PARAMS;

export const ERROR_CODES = Object.keys(ERROR_PARAMS) as AppErrorCode[];

/** A parameter's value; an error as a parameter (a cause) is worded in the same language. */
export type ErrorParamValue = string | number | AppErrorData;

/** The parameters of `C`; for a union of codes, the union of their parameter sets. */
export type AppErrorParams<C extends AppErrorCode> = C extends AppErrorCode
  ? { [K in (typeof ERROR_PARAMS)[C][number]]: ErrorParamValue }
  : never;

/** An error as the store keeps it: code and parameters, nothing language-bound. */
export type AppErrorData = { [C in AppErrorCode]: { code: C; params: AppErrorParams<C> } }[AppErrorCode];

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_PARAMS, value);
}

/** "code (name=value, ...)": the English message of an error thrown without one of its own. */
export function formatErrorData(e: AppErrorData): string {
  const params = Object.entries(e.params as Record<string, ErrorParamValue>).map(
    ([k, v]) => `${k}=${typeof v === 'object' ? formatErrorData(v) : String(v)}`,
  );
  return params.length > 0 ? `${e.code} (${params.join(', ')})` : e.code;
}

export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  override name = 'AppError';
  readonly code: C;
  readonly params: AppErrorParams<C>;

  constructor(code: C, params: AppErrorParams<C>, message?: string, options?: ErrorOptions) {
    super(message ?? formatErrorData({ code, params } as AppErrorData), options);
    this.code = code;
    this.params = params;
  }

  /** The plain data, for the store. */
  toData(): AppErrorData {
    return { code: this.code, params: this.params } as AppErrorData;
  }
}

/** The text of anything thrown: an Error's message, or the value itself. */
export function errorDetail(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What was thrown, as an AppError: itself if it is one, else `unexpected` with its text. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('unexpected', { detail: errorDetail(e) }, errorDetail(e), { cause: e });
}

/** What was thrown, as plain data for the store. */
export function toErrorData(e: unknown): AppErrorData {
  return toAppError(e).toData();
}
