/**
 * Workspace API keys on /api/v1 (route() with `apiKey: true`).
 *
 * `Authorization: Bearer tm_…` → SHA-256 → `touchmap_api_key_workspace(hash)`
 * (a SECURITY DEFINER lookup: the app role cannot read api_keys before it
 * knows the workspace) → a context for the key's workspace. Every request
 * looks the key up again, so a revoked key stops working at once.
 *
 * What a key may do (decided here, documented in the OpenAPI document): read
 * maps ('maps.read', which also covers the insight feed) and create insights
 * ('insights.create'). It acts as no person: `userId` is '' and insights it
 * creates carry its id (insights.api_key_id) instead of an author.
 *
 * Any Authorization header that is not a live key of the right shape gets the
 * same 401 `{"error":"unauthorized"}`: nothing says whether the key was
 * malformed, unknown or revoked. Requests with a key are rate limited per key
 * (API_RATE_LIMIT_PER_MINUTE, shared by all processes through rate_limits,
 * taken in slices: consumeApiRate); last_used_at is written at most once a
 * minute per key and process.
 */
import { sql } from 'drizzle-orm'
import type { NextRequest } from 'next/server'
import { NextResponse } from 'next/server'
import { apiKeys } from '@/db/schema'
import { API_KEY_PATTERN, hashApiKey } from '@/lib/api-keys/keys'
import type { CurrentSession } from '@/lib/auth/current-session'
import { can, requireMembership, type MemberContext } from '@/lib/auth/membership'
import { take } from '@/lib/auth/rate-limit'
import { config } from '@/lib/config'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError } from '@/lib/errors'
import { log } from '@/lib/log'
import type { Permission } from '@/lib/rbac/permissions'
import { workspaceParam } from './workspace-param'

/** What an API key may do, whatever the role of the admin who created it. */
export const API_KEY_PERMISSIONS: readonly Permission[] = ['maps.read', 'insights.create', 'metrics.record']

/** A workspace context for a request that presented an API key (no person: userId is ''). */
export type ApiKeyContext = MemberContext & { apiKeyId: string }

export const RATE_WINDOW_SECONDS = 60
const LAST_USED_EVERY_MS = 60_000

/** The one answer for a bad key: no detail. */
export function unauthorizedResponse(): NextResponse {
  return NextResponse.json({ error: 'unauthorized' }, { status: 401, headers: { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' } })
}

/** The key in `Authorization: Bearer <key>`, or null when the header is anything else. */
export function bearerKey(header: string | null): string | null {
  if (!header) return null
  const m = /^Bearer ([^\s]+)$/i.exec(header.trim())
  if (!m || !API_KEY_PATTERN.test(m[1]!)) return null
  return m[1]!
}

/** Looks the key up (revoked keys are not found). Null for anything that is not a live key. */
export async function authenticateApiKey(header: string | null): Promise<ApiKeyContext | null> {
  const key = bearerKey(header)
  if (!key) return null
  const db = await database()
  const [row] = rowsOf<{ key_id: string; workspace_id: string }>(await db.execute(sql`select key_id, workspace_id from touchmap_api_key_workspace(${hashApiKey(key)})`))
  if (!row) return null
  return {
    apiKeyId: row.key_id,
    userId: '',
    workspaceId: row.workspace_id,
    workspaceName: '',
    workspaceSlug: '',
    role: 'viewer',
    rank: 0,
    departmentId: null,
    permissions: new Set(API_KEY_PERMISSIONS),
  }
}

/** A process's slice of a key's budget: `tokens` left, usable `until`; `windowEnds` for Retry-After. */
type Lease = { tokens: number; until: number; windowEnds: number; pending: Promise<void> | null }
const gl = globalThis as unknown as { __touchmapApiLeases?: Map<string, Lease> }
const leases = (gl.__touchmapApiLeases ??= new Map())

/** Requests taken from the shared counter at once: 1/20 of the budget, at most 50 (one row write per slice, not per request). */
export const leaseSize = (limit: number) => Math.max(1, Math.min(50, Math.floor(limit / 20)))

/** Takes up to `n` requests of the key's budget for this window from the shared counter (lib/auth/rate-limit.ts); how many were granted and when the window ends. */
async function lease(key: string, limit: number, n: number): Promise<{ granted: number; until: number }> {
  const { count, windowEndsMs } = await take(key, n, RATE_WINDOW_SECONDS)
  return { granted: Math.max(0, Math.min(n, limit - (count - n))), until: windowEndsMs }
}

/**
 * One request of the key's budget (API_RATE_LIMIT_PER_MINUTE, shared by all
 * processes); RateLimitedError (429, Retry-After) when it is spent. Each
 * process takes the budget in slices (leaseSize), so the counter row is
 * written once per slice instead of once per request: under a hot key, a
 * write per request serialises every request of that key on one row lock and
 * its commit. The price: with several processes, a key may be refused while
 * another process still holds part of a slice (at most leaseSize − 1 requests
 * per process and window).
 */
export async function consumeApiRate(ctx: ApiKeyContext): Promise<void> {
  const limit = config().apiRateLimitPerMinute
  const key = `api:${ctx.apiKeyId}`
  let l = leases.get(key)
  if (!l) {
    l = { tokens: 0, until: 0, windowEnds: 0, pending: null }
    leases.set(key, l)
    if (leases.size > 10_000) for (const [k, v] of leases) if (v.until < Date.now() && !v.pending) leases.delete(k)
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (l.until <= Date.now()) l.tokens = 0
    if (l.tokens > 0) {
      l.tokens--
      touchLastUsed(ctx)
      return
    }
    // One slice request at a time per key and process; the others wait for it.
    if (!l.pending) {
      const current = l
      current.pending = lease(key, limit, leaseSize(limit))
        .then(({ granted, until }) => {
          current.tokens = granted
          current.until = until
          current.windowEnds = until
        })
        .finally(() => {
          current.pending = null
        })
    }
    await l.pending
    if (l.tokens === 0) break
  }
  const retryAfter = Math.max(1, Math.ceil((l.windowEnds - Date.now()) / 1000))
  throw new RateLimitedError('Too many requests for this API key. Slow down and retry after the time in Retry-After.', Math.min(retryAfter, RATE_WINDOW_SECONDS))
}

const g = globalThis as unknown as { __touchmapKeyUse?: Map<string, number> }
const lastTouched = (g.__touchmapKeyUse ??= new Map())

/** Records that the key was used, at most once a minute (per process), without making the request wait. */
function touchLastUsed(ctx: ApiKeyContext): void {
  const now = Date.now()
  if (now - (lastTouched.get(ctx.apiKeyId) ?? 0) < LAST_USED_EVERY_MS) return
  lastTouched.set(ctx.apiKeyId, now)
  if (lastTouched.size > 10_000) lastTouched.clear()
  void inWorkspace(ctx.workspaceId, null, (tx) => tx.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(sql`${apiKeys.id} = ${ctx.apiKeyId}`)).catch((err: unknown) =>
    log.warn('api key last_used_at not updated', { err: err instanceof Error ? err.message : String(err) }),
  )
}

/**
 * The workspace a v1 request acts in. With a key: the key's workspace, and a
 * `?workspace=` naming another one is 404 (like any other workspace's thing).
 * With a session: `?workspace=` and the one membership check.
 */
export async function v1Member(
  args: { req: NextRequest; session: CurrentSession | null; apiKey: ApiKeyContext | null },
  permission: Permission,
): Promise<MemberContext> {
  const { req, session, apiKey } = args
  if (apiKey) {
    const named = req.nextUrl.searchParams.get('workspace')
    if (named !== null && named !== apiKey.workspaceId) throw new NotFoundError('Workspace not found')
    if (!can(apiKey, permission)) throw new ForbiddenError('API keys may read maps, insights and metrics, create insights and record metric values; this needs a signed-in person')
    return apiKey
  }
  if (!session) throw new UnauthenticatedError()
  return requireMembership(session, { id: workspaceParam(req) }, permission)
}
