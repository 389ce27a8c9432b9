/**
 * `Idempotency-Key` for POSTs made with an API key: the first successful
 * answer is stored (idempotency_keys, per API key and key, with a hash of the
 * request body) in the SAME transaction as what the request created; a retry
 * with the same key and body gets that answer again and creates nothing.
 *
 * Concurrent retries: both may do the work, but the answer row's primary key
 * lets only one commit: the other's insert finds the row (waiting for the
 * first transaction), and it rolls back everything it did and replays the
 * stored answer. Answers are kept 24 hours; failed requests (4xx) are not
 * stored, so a corrected retry may reuse the key.
 */
import { createHash } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { idempotencyKeys } from '@/db/schema'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
export const IDEMPOTENCY_TTL_HOURS = 24

export const idempotencyKeySchema = z
  .string()
  .min(1, 'An Idempotency-Key has 1 to 200 characters')
  .max(200, 'An Idempotency-Key has 1 to 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'An Idempotency-Key is printable ASCII without spaces, such as a UUID')

/** The header's value, validated; null when absent. */
export function idempotencyKeyOf(headers: Headers): string | null {
  const v = headers.get(IDEMPOTENCY_HEADER)
  if (v === null) return null
  const r = idempotencyKeySchema.safeParse(v.trim())
  if (!r.success) throw new ValidationError({ [IDEMPOTENCY_HEADER]: r.error.issues.map((i) => i.message) })
  return r.data
}

/** JSON with object keys sorted, so the same body hashes the same whatever its key order or spacing. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

export const requestHashOf = (method: string, path: string, body: unknown): string =>
  createHash('sha256').update(`${method} ${path}\n${canonical(body)}`).digest('hex')

export type StoredAnswer = { status: number; body: unknown; replayed: boolean }

class Replay extends Error {}

const reuseError = () =>
  new ValidationError(
    { [IDEMPOTENCY_HEADER]: ['This Idempotency-Key was already used with a different request. Use a new key for a new request.'] },
    'This Idempotency-Key was already used with a different request',
  )

async function stored(tx: Tx, apiKeyId: string, key: string) {
  const [row] = await tx
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key), sql`${idempotencyKeys.createdAt} > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`))
  return row ?? null
}

/**
 * Runs `work` in the workspace's transaction and stores its answer under
 * (apiKeyId, key), or replays the answer stored for an earlier identical
 * request. A different request under the same key is a ValidationError (422).
 */
export async function idempotent(
  ctx: { workspaceId: string; apiKeyId: string },
  key: string,
  requestHash: string,
  work: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<StoredAnswer> {
  const replay = async (): Promise<StoredAnswer | null> => {
    const row = await inWorkspace(ctx.workspaceId, null, (tx) => stored(tx, ctx.apiKeyId, key))
    if (!row) return null
    if (row.requestHash !== requestHash) throw reuseError()
    return { status: row.status, body: row.response, replayed: true }
  }
  const earlier = await replay()
  if (earlier) return earlier
  try {
    return await inWorkspace(ctx.workspaceId, null, async (tx) => {
      // An answer older than the TTL no longer counts: make room for the new one.
      await tx.execute(
        sql`delete from idempotency_keys where api_key_id = ${ctx.apiKeyId} and key = ${key} and created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
      )
      const answer = await work(tx)
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({ workspaceId: ctx.workspaceId, apiKeyId: ctx.apiKeyId, key, requestHash, status: answer.status, response: answer.body as object })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key })
      // A concurrent request with this key committed first: undo ours, answer with theirs.
      if (inserted.length === 0) throw new Replay()
      return { ...answer, replayed: false }
    })
  } catch (err) {
    if (!(err instanceof Replay)) throw err
    const theirs = await replay()
    if (!theirs) throw new Error('idempotency answer vanished')
    return theirs
  }
}
