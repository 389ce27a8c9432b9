import { eq, sql } from 'drizzle-orm'
import { ssoConnections, ssoDomains } from '@/db/schema'
import { open } from '@/lib/crypto/secret-box'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import type { RoleKey } from '@/lib/rbac/permissions'

export type LoadedSsoConnection = {
  id: string
  workspaceId: string
  name: string
  issuer: string
  clientId: string
  clientSecret: string
  defaultRole: RoleKey
  domains: { domain: string; verified: boolean }[]
}

export const SSO_PROVIDER_PREFIX = 'sso-'
/** The account key of an SSO identity: (issuer, subject) whatever connection it came through. */
export const identityProvider = (issuer: string) => `oidc:${issuer}`

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase()
}

/** The enabled connection that serves an email's domain, across all workspaces (ids only). */
export async function routeEmailToSso(email: string): Promise<{ workspaceId: string; connectionId: string } | null> {
  const db = await database()
  const rows = rowsOf<{ workspace_id: string; connection_id: string }>(
    await db.execute(sql`select workspace_id, connection_id from touchmap_sso_route(${emailDomain(email)})`),
  )
  return rows[0] ? { workspaceId: rows[0].workspace_id, connectionId: rows[0].connection_id } : null
}

/** Loads an enabled connection by id (for the sign-in flow, before any workspace is known). */
export async function loadSsoConnection(connectionId: string): Promise<LoadedSsoConnection | null> {
  if (!/^[0-9a-f-]{36}$/i.test(connectionId)) return null
  const db = await database()
  const [ws] = rowsOf<{ ws: string | null }>(await db.execute(sql`select touchmap_sso_connection_workspace(${connectionId}::uuid) as ws`))
  if (!ws?.ws) return null
  return inWorkspace(ws.ws, null, async (tx) => {
    const [c] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, connectionId))
    if (!c || !c.enabled) return null
    const domains = await tx.select().from(ssoDomains).where(eq(ssoDomains.connectionId, connectionId))
    return {
      id: c.id,
      workspaceId: c.workspaceId,
      name: c.name,
      issuer: c.issuer,
      clientId: c.clientId,
      clientSecret: open(c.clientSecretEnc),
      defaultRole: c.defaultRoleKey as RoleKey,
      domains: domains.map((d) => ({ domain: d.domain, verified: d.verifiedAt !== null })),
    }
  })
}
