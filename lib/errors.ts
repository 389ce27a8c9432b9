/** Errors that services throw and entry points (routes, actions) turn into answers. */
export type FieldErrors = Record<string, string[]>

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message)
  }
}

/** Not found, or not yours: the same answer, so existence never leaks across workspaces. */
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(message, 404, 'not_found')
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super(message, 401, 'unauthenticated')
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this') {
    super(message, 403, 'forbidden')
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message = 'Some fields need attention',
  ) {
    super(message, 422, 'invalid')
  }
}

export class ConflictError extends AppError {
  constructor(message: string, readonly field?: string) {
    super(message, 409, 'conflict')
  }
}

export class RateLimitedError extends AppError {
  constructor(
    message = 'Too many attempts. Wait a few minutes and try again.',
    readonly retryAfterSeconds = 60,
  ) {
    super(message, 429, 'rate_limited')
  }
}

/** PostgreSQL error code of a driver error (postgres.js and PGlite both expose `code`). */
export function pgCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}
