import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { currentSession, type CurrentSession } from '@/lib/auth/current-session'
import { requireMembership, type MemberContext } from '@/lib/auth/membership'
import { AppError, UnauthenticatedError, ValidationError, type FieldErrors } from '@/lib/errors'
import { formToObject, parseInput } from '@/lib/http/validation'
import { log } from '@/lib/log'
import type { Permission } from '@/lib/rbac/permissions'

export type ActionResult<T = unknown> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; status: number; error: string; fieldErrors?: FieldErrors }

export type ActionInput = FormData | Record<string, unknown>

const workspaceIdSchema = z.object({ workspaceId: z.string() })

function failure(err: unknown): ActionResult<never> {
  if (err instanceof AppError) {
    return { ok: false, status: err.status, error: err.message, ...(err instanceof ValidationError ? { fieldErrors: err.fieldErrors } : {}) }
  }
  // next/navigation's redirect() and notFound() work by throwing: let them through.
  if (err && typeof err === 'object' && 'digest' in err && typeof err.digest === 'string' && err.digest.startsWith('NEXT_')) throw err
  log.error('action failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  return { ok: false, status: 500, error: 'Something went wrong on our side. Nothing was changed; try again.' }
}

function refresh() {
  try {
    revalidatePath('/', 'layout')
  } catch {
    /* outside a request (tests) */
  }
}

/**
 * A server action in a workspace: signed in, the one membership check on
 * input.workspaceId (404 for non-members, 403 without `permission`), zod
 * parsing with field errors, and errors turned into a result, never a throw.
 */
export function workspaceAction<S extends z.ZodType, T>(
  schema: S,
  permission: Permission,
  handler: (ctx: MemberContext, input: z.infer<S>) => Promise<T>,
): (input: ActionInput) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const session = await currentSession()
      if (!session) throw new UnauthenticatedError()
      const raw = formToObject(input)
      const { workspaceId } = workspaceIdSchema.safeParse(raw).data ?? { workspaceId: '' }
      const ctx = await requireMembership(session, { id: workspaceId }, permission)
      const data = await handler(ctx, parseInput(schema, raw))
      refresh()
      return { ok: true, data }
    } catch (err) {
      return failure(err)
    }
  }
}

/** A server action for the signed-in person, outside any one workspace. */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  handler: (session: CurrentSession, input: z.infer<S>) => Promise<T>,
): (input: ActionInput) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const session = await currentSession()
      if (!session) throw new UnauthenticatedError()
      const data = await handler(session, parseInput(schema, formToObject(input)))
      refresh()
      return { ok: true, data }
    } catch (err) {
      return failure(err)
    }
  }
}

/** A server action anyone may call (sign-in forms). */
export function publicAction<S extends z.ZodType, T>(schema: S, handler: (input: z.infer<S>) => Promise<T>): (input: ActionInput) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      return { ok: true, data: await handler(parseInput(schema, formToObject(input))) }
    } catch (err) {
      return failure(err)
    }
  }
}
