import { eq, sql } from 'drizzle-orm'
import { ssoConnections, ssoDomains, ssoSamlSettings, type DomainStatus, type SsoProtocol, type SsoSamlSettings } from '@/db/schema'
import { config } from '@/lib/config'
import { open } from '@/lib/crypto/secret-box'
import { database, rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { parseEmail } from '@/lib/email/parse-email'
import type { RoleKey } from '@/lib/rbac/permissions'

export type LoadedSsoConnection = {
  id: string
  workspaceId: string
  name: string
  protocol: SsoProtocol
  /** OIDC: the issuer URL; SAML: the IdP's entity ID. */
  issuer: string
  clientId: string
  clientSecret: string
  defaultRole: RoleKey
  trustEmails: boolean
  domains: { domain: string; status: DomainStatus }[]
  /** SAML connections: the IdP's settings. */
  saml: SsoSamlSettings | null
}

export const SSO_PROVIDER_PREFIX = 'sso-'
/** The account key of an SSO identity: (connection, subject). */
export const identityProvider = (connectionId: string) => `sso:${connectionId}`

/**
 * Whether a workspace's claim on a domain lets its IdP sign people in: proven
 * by DNS, or attested by an admin where the instance allows attestation
 * (SSO_DOMAIN_ATTESTATION; an attested domain never links or opens an
 * existing account, lib/sso/decide-sign-in.ts).
 */
export const domainHeld = (status: DomainStatus): boolean => status === 'verified' || (status === 'attested' && config().ssoDomainAttestation)

/** The enabled connection that holds an email's domain, across all workspaces (ids only). */
export async function routeEmailToSso(email: string): Promise<{ workspaceId: string; connectionId: string } | null> {
  const parsed = parseEmail(email)
  if (!parsed) return null
  const db = await database()
  const rows = rowsOf<{ workspace_id: string; connection_id: string; status: DomainStatus }>(
    await db.execute(sql`select workspace_id, connection_id, status from touchmap_sso_route(${parsed.domain})`),
  )
  const held = rows.find((r) => domainHeld(r.status))
  return held ? { workspaceId: held.workspace_id, connectionId: held.connection_id } : null
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
    const [saml] = c.protocol === 'saml' ? await tx.select().from(ssoSamlSettings).where(eq(ssoSamlSettings.connectionId, connectionId)) : []
    if (c.protocol === 'saml' && !saml) return null
    return {
      id: c.id,
      workspaceId: c.workspaceId,
      name: c.name,
      protocol: c.protocol,
      issuer: c.issuer,
      clientId: c.clientId,
      clientSecret: c.clientSecretEnc ? open(c.clientSecretEnc) : '',
      saml: saml ?? null,
      defaultRole: c.defaultRoleKey as RoleKey,
      trustEmails: c.trustEmails,
      domains: domains.map((d) => ({ domain: d.domain, status: d.status })),
    }
  })
}
