// Every failure the screens show comes from here: the service's `detail` (and `code`), or a plain
// sentence when the service could not be reached. Never a stack.
import type { components } from '../types/api';

type ErrorBody = components['schemas']['ErrorOut'];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, detail: string, code: string) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).detail === 'string';
}

export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.detail, body.code ?? 'error');
  if (status === 0) return new ApiError(0, 'The service cannot be reached. Check your connection.', 'network');
  return new ApiError(status, `The service answered ${status}.`, 'unexpected');
}

// openapi-fetch's answer: data on success, error (the ErrorOut body) otherwise.
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function unwrap<T>(answer: Answer<T>): T {
  if (answer.error !== undefined || !answer.response.ok) throw toApiError(answer.response.status, answer.error);
  return answer.data as T;
}

// What a screen prints for any thrown value.
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The service cannot be reached. Check your connection.';
  return 'Something went wrong. Please try again.';
}
