import type { z } from 'zod'
import { ValidationError, type FieldErrors } from '@/lib/errors'

/** Field-by-field messages from a zod error: { "email": ["Enter a valid email address"] }. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

/** Parses with zod, or throws a ValidationError carrying field-by-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw new ValidationError(fieldErrorsOf(r.error))
  return r.data
}

/** FormData to a plain object: repeated keys become arrays; File entries are kept. */
export function formToObject(input: FormData | Record<string, unknown>): Record<string, unknown> {
  if (!(input instanceof FormData)) return input ?? {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of input.entries()) {
    if (k.startsWith('$ACTION')) continue
    if (k in out) out[k] = ([] as unknown[]).concat(out[k], v)
    else out[k] = v
  }
  return out
}
