import { NextResponse, type NextRequest } from 'next/server'
import type { z } from 'zod'
import { currentSession, type CurrentSession } from '@/lib/auth/current-session'
import { requireMembership, type MemberContext } from '@/lib/auth/membership'
import { AppError, UnauthenticatedError, ValidationError } from '@/lib/errors'
import { log } from '@/lib/log'
import type { Permission } from '@/lib/rbac/permissions'
import { isSameOrigin } from './origin'
import { parseInput } from './validation'

type Ctx = { params: Promise<Record<string, string | string[]>> }

export type RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  /** 'member' (default): signed in and a member of params.workspaceId; 'user': signed in; 'public': anyone. */
  access?: 'member' | 'user' | 'public'
  permission?: Permission
  body?: B
  query?: Q
  maxBodyBytes?: number
}

type Args<B, Q> = {
  req: NextRequest
  params: Record<string, string>
  body: B
  query: Q
  session: CurrentSession | null
  member: MemberContext | null
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {}
    if (err.status === 429 && 'retryAfterSeconds' in err) headers['retry-after'] = String(err.retryAfterSeconds)
    return NextResponse.json(
      { error: err.message, code: err.code, ...(err instanceof ValidationError ? { fieldErrors: err.fieldErrors } : {}) },
      { status: err.status, headers },
    )
  }
  log.error('route failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  return NextResponse.json({ error: 'Something went wrong on our side', code: 'internal' }, { status: 500 })
}

/**
 * Every route handler goes through here: Origin check on state-changing
 * methods, session, the one membership check (404 for non-members), zod
 * parsing (422 with field errors), and error mapping.
 */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B, Q>,
  handler: (args: Args<B extends z.ZodType ? z.infer<B> : undefined, Q extends z.ZodType ? z.infer<Q> : undefined>) => Promise<Response | unknown>,
) {
  return async (req: NextRequest, ctx: Ctx): Promise<Response> => {
    try {
      if (STATE_CHANGING.has(req.method) && !isSameOrigin(req.headers)) {
        return NextResponse.json({ error: 'Cross-origin requests are refused', code: 'bad_origin' }, { status: 403 })
      }
      const raw = (await ctx?.params) ?? {}
      const params: Record<string, string> = {}
      for (const [k, v] of Object.entries(raw)) params[k] = Array.isArray(v) ? v.join('/') : v
      const access = spec.access ?? 'member'
      const session = access === 'public' ? await currentSession().catch(() => null) : await currentSession()
      if (access !== 'public' && !session) throw new UnauthenticatedError()
      let member: MemberContext | null = null
      if (access === 'member') member = await requireMembership(session!.user.id, { id: params.workspaceId ?? '' }, spec.permission)

      let body: unknown = undefined
      if (spec.body) {
        const text = await req.text()
        if (text.length > (spec.maxBodyBytes ?? 256 * 1024)) {
          return NextResponse.json({ error: 'The request body is too large', code: 'too_large' }, { status: 413 })
        }
        let json: unknown
        try {
          json = text ? JSON.parse(text) : {}
        } catch {
          throw new ValidationError({ _: ['The body must be JSON'] })
        }
        body = parseInput(spec.body, json)
      }
      const query = spec.query ? parseInput(spec.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined
      const out = await handler({ req, params, body, query, session, member } as never)
      if (out instanceof Response) return out
      return NextResponse.json(out ?? { ok: true }, { headers: { 'cache-control': 'no-store' } })
    } catch (err) {
      return errorResponse(err)
    }
  }
}
