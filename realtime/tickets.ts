/**
 * Admission tickets. A ticket is 32 random bytes (base64url) handed to the
 * client; the database keeps only its SHA-256, in the workspace's own rows
 * (RLS), with the user, the document and an expiry. Using a ticket deletes its
 * row in the same statement that reads it, so it is single use across any
 * number of processes. The workspace comes from the document name, so a
 * ticket presented for another workspace's document is simply not found.
 */
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { parseDocName } from './doc-name'

export const TICKET_TTL_MS = 30_000
const MAX_TTL_MS = 60_000

const hash = (token: string) => createHash('sha256').update(token).digest('base64url')

export async function createTicket(userId: string, workspaceId: string, doc: string, ttlMs = TICKET_TTL_MS): Promise<string> {
  const parsed = parseDocName(doc)
  if (!parsed || parsed.workspaceId !== workspaceId.toLowerCase()) throw new Error('The document is not in this workspace')
  const ttl = Math.max(1, Math.min(MAX_TTL_MS, Math.floor(ttlMs)))
  const token = randomBytes(32).toString('base64url')
  await inWorkspace(workspaceId, userId, async (tx) => {
    // Housekeeping, now and then: expired tickets of this workspace are useless (used ones are already gone).
    if (Math.random() < 0.05) await tx.execute(sql`delete from realtime_tickets where workspace_id = ${workspaceId} and expires_at < now() - interval '1 minute'`)
    await tx.execute(sql`
      insert into realtime_tickets (token_hash, workspace_id, user_id, doc, expires_at)
      values (${hash(token)}, ${workspaceId}, ${userId}, ${doc}, now() + ${ttl} * interval '1 millisecond')`)
  })
  return token
}

/** A used ticket, with the holder's name and current role in the workspace (null: no longer a member). */
export type TicketResult =
  | { ok: true; userId: string; userName: string; role: string | null }
  | { ok: false; reason: 'unknown' | 'expired' | 'other-document' }

type Row = { token_hash: string; user_id: string; doc: string; live: boolean; user_name: string | null; role_key: string | null }
type Waiter = { hash: string; resolve: (row: Row | undefined) => void; reject: (err: unknown) => void }

/**
 * Tickets presented in the same event-loop turn are used up together, one
 * statement per workspace: a reconnect storm of 1,000 clients costs a few
 * transactions instead of 1,000 (which would queue every document load behind
 * them in the connection pool).
 */
let batch: Map<string, Waiter[]> | null = null

function takeTicketRow(workspaceId: string, tokenHash: string): Promise<Row | undefined> {
  return new Promise((resolve, reject) => {
    if (!batch) {
      batch = new Map()
      setImmediate(runBatch)
    }
    const list = batch.get(workspaceId) ?? []
    list.push({ hash: tokenHash, resolve, reject })
    batch.set(workspaceId, list)
  })
}

function runBatch() {
  const current = batch!
  batch = null
  for (const [workspaceId, waiters] of current) {
    // The holder's membership as it is now, and display name (for presence), come in the same statement.
    inWorkspace(workspaceId, null, async (tx) =>
      rowsOf<Row>(
        await tx.execute(sql`
          delete from realtime_tickets t where t.workspace_id = ${workspaceId}
            and t.token_hash in (${sql.join([...new Set(waiters.map((w) => w.hash))].map((h) => sql`${h}`), sql`, `)})
          returning t.token_hash, t.user_id, t.doc, t.expires_at > now() as live,
            (select coalesce(nullif(trim(u.name), ''), split_part(u.email, '@', 1)) from users u where u.id = t.user_id) as user_name,
            (select m.role_key from memberships m where m.workspace_id = t.workspace_id and m.user_id = t.user_id) as role_key`),
      ),
    ).then(
      (rows) => {
        // One row per ticket, for one waiter: the same ticket presented twice in a turn admits the first socket only.
        const byHash = new Map(rows.map((r) => [r.token_hash, r]))
        for (const w of waiters) {
          const row = byHash.get(w.hash)
          byHash.delete(w.hash)
          w.resolve(row)
        }
      },
      (err) => waiters.forEach((w) => w.reject(err)),
    )
  }
}

/**
 * Uses up a ticket for `doc`. Unknown, reused, expired and other-document
 * tickets are refused (and burnt). The result carries the holder's role in
 * the workspace as it is now.
 */
export async function consumeTicket(doc: string, token: string): Promise<TicketResult> {
  const parsed = parseDocName(doc)
  if (!parsed || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'unknown' }
  const row = await takeTicketRow(parsed.workspaceId, hash(token))
  if (!row) return { ok: false, reason: 'unknown' }
  if (!row.live) return { ok: false, reason: 'expired' }
  if (row.doc !== doc) return { ok: false, reason: 'other-document' }
  return { ok: true, userId: row.user_id, userName: row.user_name || 'Someone', role: row.role_key }
}
