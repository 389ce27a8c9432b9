/**
 * Admission of a socket, after the HTTP upgrade: the ticket (single use,
 * bound to user, workspace and document), and the membership and role as
 * they are now, read in the same statement that uses up the ticket. Refusals close the socket with 4401/4403 before any document
 * data is sent; the stock client does not retry those (it needs a new ticket).
 */
import { isRoleKey, roleTable } from '@/lib/rbac/permissions'
import type { Connection } from './connection'
import { clientMayWrite, type DocName } from './doc-name'
import { presenceUser } from './presence'
import { consumeTicket } from './tickets'
import { CLOSE } from './limits'
import { mapIdOfDoc, openableMaps } from './map-access'

export type Admission = { ok: true } | { ok: false; code: number; reason: string }

export async function admit(conn: Connection, doc: DocName, ticket: string | null): Promise<Admission> {
  if (!ticket) return { ok: false, code: CLOSE.unauthorized, reason: 'ticket required' }
  const t = await consumeTicket(doc.name, ticket)
  if (!t.ok) return { ok: false, code: CLOSE.unauthorized, reason: `ticket ${t.reason}` }
  // Membership and role as they are now (read with the ticket, in the same statement), with
  // permissions from the role table exactly as getMembership (lib/auth/membership.ts) derives them.
  const permissions = t.role && isRoleKey(t.role) ? (await roleTable()).get(t.role)?.permissions : undefined
  if (!permissions?.has('maps.read')) return { ok: false, code: CLOSE.forbidden, reason: 'not a member' }
  const mapId = mapIdOfDoc(doc.rest)
  if (mapId && !(await openableMaps(doc.workspaceId, [mapId])).has(mapId)) return { ok: false, code: CLOSE.forbidden, reason: 'map deleted' }
  conn.user = presenceUser(t.userId, t.userName)
  conn.workspaceId = doc.workspaceId
  conn.docName = doc.name
  conn.canWrite = permissions.has('maps.edit') && clientMayWrite(doc)
  conn.canAssign = permissions.has('touchpoints.assign')
  return { ok: true }
}

/** Origin check: browsers always send Origin on websockets; it must be one of the app's. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!origin) return false
  try {
    return allowed.has(new URL(origin).origin)
  } catch {
    return false
  }
}
