import { and, asc, eq } from 'drizzle-orm'
import { sessions, ssoConnections, ssoSamlSettings, type SamlBinding, type SsoProtocol } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { seal } from '@/lib/crypto/secret-box'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors'
import { roleTable, type RoleKey } from '@/lib/rbac/permissions'
import { listDomains, type DomainView } from './domain-claims'
import { SSO_PROVIDER_PREFIX } from './load-connection'
import { certificateStatus, type CertificateStatus } from './connection-status'
import { DiscoveryError, discoverIssuer } from './oidc-metadata'
import { acsUrlOf, samlLoginUrlOf, spEntityIdOf } from './saml/service-provider'

export type ConnectionInput = { name: string; issuer: string; clientId: string; clientSecret?: string; defaultRole: RoleKey; trustEmails?: boolean }

export type SamlView = {
  ssoUrl: string
  binding: SamlBinding
  metadataUrl: string | null
  idpInitiated: boolean
  emailAttribute: string | null
  nameAttribute: string | null
  groupsAttribute: string | null
  certificates: CertificateStatus[]
  /** Touchmap's side, for the IdP's admin. */
  spEntityId: string
  acsUrl: string
  loginUrl: string
}

export type ConnectionView = {
  id: string
  name: string
  protocol: SsoProtocol
  issuer: string
  clientId: string
  defaultRole: string
  enabled: boolean
  trustEmails: boolean
  redirectUri: string
  domains: DomainView[]
  lastSignInAt: Date | null
  saml: SamlView | null
  scimUrl: string
}

export const redirectUriOf = (connectionId: string) => `${config().appUrl}/api/auth/callback/${SSO_PROVIDER_PREFIX}${connectionId}`

/** Reads the issuer's discovery document (through the guarded client), so a typo is caught when the connection is saved, not at sign-in. */
export async function checkIssuer(issuer: string): Promise<void> {
  try {
    await discoverIssuer(issuer)
  } catch (err) {
    if (err instanceof DiscoveryError) throw new ValidationError({ issuer: [err.message] })
    throw err
  }
}

export async function assertGrantable(ctx: MemberContext, role: RoleKey) {
  if (role === 'owner') throw new ValidationError({ defaultRole: ['SSO cannot make people owners; choose another role'] })
  if (((await roleTable()).get(role)?.rank ?? 0) > ctx.rank) throw new ForbiddenError('You cannot choose a default role above your own')
}

export async function listConnections(ctx: MemberContext): Promise<ConnectionView[]> {
  const conns = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    tx.select().from(ssoConnections).where(eq(ssoConnections.workspaceId, ctx.workspaceId)).orderBy(asc(ssoConnections.createdAt)),
  )
  const domains = await listDomains(ctx)
  const samlRows = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => tx.select().from(ssoSamlSettings).where(eq(ssoSamlSettings.workspaceId, ctx.workspaceId)))
  const samlOf = (id: string): SamlView | null => {
    const s = samlRows.find((r) => r.connectionId === id)
    if (!s) return null
    return {
      ssoUrl: s.ssoUrl,
      binding: s.binding,
      metadataUrl: s.metadataUrl,
      idpInitiated: s.idpInitiated,
      emailAttribute: s.emailAttribute,
      nameAttribute: s.nameAttribute,
      groupsAttribute: s.groupsAttribute,
      certificates: s.certificates.map((pem) => certificateStatus(pem)).filter((c): c is CertificateStatus => c !== null),
      spEntityId: spEntityIdOf(id),
      acsUrl: acsUrlOf(id),
      loginUrl: samlLoginUrlOf(id),
    }
  }
  return conns.map((c) => ({
    id: c.id,
    name: c.name,
    protocol: c.protocol,
    issuer: c.issuer,
    clientId: c.clientId,
    defaultRole: c.defaultRoleKey,
    enabled: c.enabled,
    trustEmails: c.trustEmails,
    redirectUri: redirectUriOf(c.id),
    domains: domains.filter((d) => d.connectionId === c.id),
    lastSignInAt: c.lastSignInAt,
    saml: c.protocol === 'saml' ? samlOf(c.id) : null,
    scimUrl: `${config().appUrl}/api/scim/v2/${c.id}`,
  }))
}

export async function createConnection(ctx: MemberContext, input: ConnectionInput & { clientSecret: string }): Promise<{ id: string; redirectUri: string }> {
  await assertGrantable(ctx, input.defaultRole)
  await checkIssuer(input.issuer)
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .insert(ssoConnections)
      .values({
        workspaceId: ctx.workspaceId,
        name: input.name,
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecretEnc: seal(input.clientSecret),
        defaultRoleKey: input.defaultRole,
        trustEmails: input.trustEmails ?? false,
        createdBy: ctx.userId,
      })
      .returning({ id: ssoConnections.id })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.connection_created', subject: input.name, data: { issuer: input.issuer } })
    return { id: row!.id, redirectUri: redirectUriOf(row!.id) }
  })
}

async function connectionOf(tx: Tx, ctx: MemberContext, id: string) {
  const [c] = await tx.select().from(ssoConnections).where(and(eq(ssoConnections.workspaceId, ctx.workspaceId), eq(ssoConnections.id, id)))
  if (!c) throw new NotFoundError('SSO connection not found')
  return c
}

/** Updates a connection; an empty client secret keeps the stored one. */
export async function updateConnection(ctx: MemberContext, id: string, input: ConnectionInput & { enabled: boolean }): Promise<void> {
  await assertGrantable(ctx, input.defaultRole)
  const before = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => connectionOf(tx, ctx, id))
  if (before.protocol !== 'oidc') throw new NotFoundError('SSO connection not found')
  if (before.issuer !== input.issuer) await checkIssuer(input.issuer)
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    await connectionOf(tx, ctx, id)
    await tx
      .update(ssoConnections)
      .set({
        name: input.name,
        issuer: input.issuer,
        clientId: input.clientId,
        ...(input.clientSecret ? { clientSecretEnc: seal(input.clientSecret) } : {}),
        defaultRoleKey: input.defaultRole,
        enabled: input.enabled,
        trustEmails: input.trustEmails ?? false,
        updatedAt: new Date(),
      })
      .where(eq(ssoConnections.id, id))
    // A connection switched off (or pointed at another issuer) ends the sessions it made.
    if (!input.enabled || before.issuer !== input.issuer) await tx.delete(sessions).where(eq(sessions.ssoConnectionId, id))
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      action: 'sso.connection_updated',
      subject: input.name,
      data: { issuer: input.issuer, enabled: input.enabled, trustEmails: input.trustEmails ?? false, secretChanged: Boolean(input.clientSecret) },
    })
  })
}

export async function deleteConnection(ctx: MemberContext, id: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const c = await connectionOf(tx, ctx, id)
    await tx.delete(ssoConnections).where(eq(ssoConnections.id, id))
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.connection_deleted', subject: c.name })
  })
}
