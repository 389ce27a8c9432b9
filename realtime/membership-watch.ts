/**
 * Re-checks the memberships behind open connections, one query per
 * workspace (and one for the maps they have open): a removed member's and a
 * deleted map's sockets close, a downgraded one's turn
 * read-only (and an upgraded one's read-write). The engine runs it every
 * second, so it also sees changes made by other processes.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { memberships } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import { log } from '@/lib/log'
import { roleTable, type RoleKey } from '@/lib/rbac/permissions'
import type { Connection } from './connection'
import { clientMayWrite, parseDocName } from './doc-name'
import { CLOSE } from './limits'
import { mapIdOfDoc, openableMaps } from './map-access'

export async function recheckMemberships(conns: Iterable<Connection>, only?: { workspaceId: string; userId: string }): Promise<void> {
  const byWorkspace = new Map<string, Connection[]>()
  for (const c of conns) {
    if (c.closed || !c.user.id) continue
    if (only && (c.workspaceId !== only.workspaceId || c.user.id !== only.userId)) continue
    const list = byWorkspace.get(c.workspaceId) ?? []
    list.push(c)
    byWorkspace.set(c.workspaceId, list)
  }
  if (byWorkspace.size === 0) return
  const roles = await roleTable()
  for (const [workspaceId, list] of byWorkspace) {
    try {
      const userIds = [...new Set(list.map((c) => c.user.id))]
      const rows = await inWorkspace(workspaceId, null, (tx) =>
        tx
          .select({ userId: memberships.userId, role: memberships.roleKey })
          .from(memberships)
          .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, userIds))),
      )
      const roleOf = new Map(rows.map((r) => [r.userId, r.role as RoleKey]))
      const mapOf = (c: Connection) => mapIdOfDoc(parseDocName(c.docName)?.rest ?? '')
      const open = await openableMaps(workspaceId, list.map(mapOf).filter((id): id is string => id != null))
      for (const c of list) {
        const role = roleOf.get(c.user.id)
        const perms = role ? roles.get(role)?.permissions : undefined
        const mapId = mapOf(c)
        if (!perms?.has('maps.read')) c.close(CLOSE.forbidden, 'no longer a member')
        else if (mapId && !open.has(mapId)) c.close(CLOSE.forbidden, 'map deleted')
        else {
          c.canWrite = perms.has('maps.edit') && clientMayWrite(parseDocName(c.docName)!)
          c.canAssign = perms.has('touchpoints.assign')
        }
      }
    } catch (err) {
      log.warn('realtime: membership re-check failed', { workspaceId, err: String(err) })
    }
  }
}
