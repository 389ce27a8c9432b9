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
    // Housekeeping: expired tickets of this workspace are useless.
    await tx.execute(sql`delete from realtime_tickets where workspace_id = ${workspaceId} and expires_at < now() - interval '1 minute'`)
    await tx.execute(sql`
      insert into realtime_tickets (token_hash, workspace_id, user_id, doc, expires_at)
      values (${hash(token)}, ${workspaceId}, ${userId}, ${doc}, now() + ${ttl} * interval '1 millisecond')`)
  })
  return token
}

export type TicketResult = { ok: true; userId: string; userName: string } | { ok: false; reason: 'unknown' | 'expired' | 'other-document' }

/** Uses up a ticket for `doc`. Unknown, reused, expired and other-document tickets are refused (and burnt). */
export async function consumeTicket(doc: string, token: string): Promise<TicketResult> {
  const parsed = parseDocName(doc)
  if (!parsed || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'unknown' }
  const row = await inWorkspace(parsed.workspaceId, null, async (tx) => {
    // The holder's display name comes along (for presence), saving a round trip at admission.
    const rows = rowsOf<{ user_id: string; doc: string; live: boolean; user_name: string | null }>(
      await tx.execute(sql`
        delete from realtime_tickets t where t.token_hash = ${hash(token)} and t.workspace_id = ${parsed.workspaceId}
        returning t.user_id, t.doc, t.expires_at > now() as live,
          (select coalesce(nullif(trim(u.name), ''), split_part(u.email, '@', 1)) from users u where u.id = t.user_id) as user_name`),
    )
    return rows[0]
  })
  if (!row) return { ok: false, reason: 'unknown' }
  if (!row.live) return { ok: false, reason: 'expired' }
  if (row.doc !== doc) return { ok: false, reason: 'other-document' }
  return { ok: true, userId: row.user_id, userName: row.user_name || 'Someone' }
}
