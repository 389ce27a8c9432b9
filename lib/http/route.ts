import { NextResponse, type NextRequest } from 'next/server'
import type { z } from 'zod'
import { currentSession, type CurrentSession } from '@/lib/auth/current-session'
import { assertCan, requireMembership, type MemberContext } from '@/lib/auth/membership'
import { AppError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/errors'
import { log } from '@/lib/log'
import type { Permission } from '@/lib/rbac/permissions'
import { authenticateApiKey, consumeApiRate, unauthorizedResponse, type ApiKeyContext } from './api-auth'
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
  /**
   * Also accept `Authorization: Bearer <workspace API key>` (lib/http/api-auth.ts).
   * A request with an Authorization header is judged by the key alone (401
   * without detail when it is not a live key; rate limited per key; no Origin
   * check, as no cookie is involved); without one, the session as usual.
   */
  apiKey?: boolean
}

type Args<B, Q> = {
  req: NextRequest
  params: Record<string, string>
  body: B
  query: Q
  session: CurrentSession | null
  member: MemberContext | null
  /** The API key's context when the request presented one (spec.apiKey). */
  apiKey: ApiKeyContext | null
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(`The request body is too large (at most ${Math.floor(limit / 1024)} KB)`, 413, 'too_large')
  }
}

/**
 * The body as text, refused with 413 when over `limit` bytes: by its
 * Content-Length before reading, and by counting bytes while reading (a
 * chunked body has no length), so an oversized body is never held whole.
 */
export async function readBodyText(req: Request, limit = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const declared = req.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLargeError(limit)
  if (!req.body) return ''
  const reader = req.body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw new PayloadTooLargeError(limit)
    }
    parts.push(value)
  }
  return Buffer.concat(parts).toString('utf8')
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
      let apiKey: ApiKeyContext | null = null
      const authorization = spec.apiKey ? req.headers.get('authorization') : null
      if (authorization !== null) {
        apiKey = await authenticateApiKey(authorization)
        if (!apiKey) return unauthorizedResponse()
        await consumeApiRate(apiKey)
      } else if (STATE_CHANGING.has(req.method) && !isSameOrigin(req.headers)) {
        return NextResponse.json({ error: 'Cross-origin requests are refused', code: 'bad_origin' }, { status: 403 })
      }
      const raw = (await ctx?.params) ?? {}
      const params: Record<string, string> = {}
      for (const [k, v] of Object.entries(raw)) params[k] = Array.isArray(v) ? v.join('/') : v
      const access = spec.access ?? 'member'
      const session = apiKey ? null : access === 'public' ? await currentSession().catch(() => null) : await currentSession()
      if (access !== 'public' && !session && !apiKey) throw new UnauthenticatedError()
      let member: MemberContext | null = null
      if (access === 'member') {
        if (apiKey) {
          if (params.workspaceId !== apiKey.workspaceId) throw new NotFoundError('Workspace not found')
          if (spec.permission) assertCan(apiKey, spec.permission)
          member = apiKey
        } else member = await requireMembership(session!, { id: params.workspaceId ?? '' }, spec.permission)
      }

      let body: unknown = undefined
      if (spec.body) {
        const text = await readBodyText(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
        let json: unknown
        try {
          json = text ? JSON.parse(text) : {}
        } catch {
          throw new ValidationError({ _: ['The body must be JSON'] })
        }
        body = parseInput(spec.body, json)
      }
      const query = spec.query ? parseInput(spec.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined
      const out = await handler({ req, params, body, query, session, member, apiKey } as never)
      if (out instanceof Response) return out
      return NextResponse.json(out ?? { ok: true }, { headers: { 'cache-control': 'no-store' } })
    } catch (err) {
      return errorResponse(err)
    }
  }
}
