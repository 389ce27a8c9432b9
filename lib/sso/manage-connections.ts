import { and, asc, eq } from 'drizzle-orm'
import { ssoConnections, ssoDomains, users } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { seal } from '@/lib/crypto/secret-box'
import type { Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, pgCode } from '@/lib/errors'
import { roleTable, type RoleKey } from '@/lib/rbac/permissions'
import { SSO_PROVIDER_PREFIX } from './load-connection'

export type ConnectionInput = { name: string; issuer: string; clientId: string; clientSecret?: string; defaultRole: RoleKey }

export type ConnectionView = {
  id: string
  name: string
  issuer: string
  clientId: string
  defaultRole: string
  enabled: boolean
  redirectUri: string
  domains: { id: string; domain: string; verifiedAt: Date | null; verifiedBy: string | null }[]
}

export const redirectUriOf = (connectionId: string) => `${config().appUrl}/api/auth/callback/${SSO_PROVIDER_PREFIX}${connectionId}`

/** Reads the issuer's discovery document, so a typo is caught when the connection is saved, not at sign-in. */
export async function checkIssuer(issuer: string): Promise<void> {
  const url = `${issuer}/.well-known/openid-configuration`
  let doc: { issuer?: unknown } | undefined
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' })
    if (r.ok) doc = (await r.json()) as { issuer?: unknown }
  } catch {
    /* reported below */
  }
  if (!doc) throw new ValidationError({ issuer: [`Could not read the OpenID configuration at ${url}`] })
  if (doc.issuer !== issuer) throw new ValidationError({ issuer: [`The provider names its issuer ${String(doc.issuer)}, not ${issuer}`] })
}

async function assertGrantable(ctx: MemberContext, role: RoleKey) {
  if (role === 'owner') throw new ValidationError({ defaultRole: ['SSO cannot make people owners; choose another role'] })
  if (((await roleTable()).get(role)?.rank ?? 0) > ctx.rank) throw new ForbiddenError('You cannot choose a default role above your own')
}

export async function listConnections(ctx: MemberContext): Promise<ConnectionView[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const conns = await tx.select().from(ssoConnections).where(eq(ssoConnections.workspaceId, ctx.workspaceId)).orderBy(asc(ssoConnections.createdAt))
    const domains = await tx
      .select({ d: ssoDomains, verifier: users.email })
      .from(ssoDomains)
      .leftJoin(users, eq(users.id, ssoDomains.verifiedBy))
      .where(eq(ssoDomains.workspaceId, ctx.workspaceId))
      .orderBy(asc(ssoDomains.domain))
    return conns.map((c) => ({
      id: c.id,
      name: c.name,
      issuer: c.issuer,
      clientId: c.clientId,
      defaultRole: c.defaultRoleKey,
      enabled: c.enabled,
      redirectUri: redirectUriOf(c.id),
      domains: domains
        .filter((x) => x.d.connectionId === c.id)
        .map((x) => ({ id: x.d.id, domain: x.d.domain, verifiedAt: x.d.verifiedAt, verifiedBy: x.verifier })),
    }))
  })
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
        updatedAt: new Date(),
      })
      .where(eq(ssoConnections.id, id))
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      action: 'sso.connection_updated',
      subject: input.name,
      data: { issuer: input.issuer, enabled: input.enabled, secretChanged: Boolean(input.clientSecret) },
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

export async function addDomain(ctx: MemberContext, connectionId: string, domain: string): Promise<{ id: string }> {
  try {
    return await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      await connectionOf(tx, ctx, connectionId)
      const [row] = await tx.insert(ssoDomains).values({ workspaceId: ctx.workspaceId, connectionId, domain }).returning({ id: ssoDomains.id })
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.domain_added', subject: domain })
      return row!
    })
  } catch (err) {
    if (pgCode(err) === '23505') throw new ConflictError(`${domain} is already served by an SSO connection`, 'domain')
    throw err
  }
}

/** An admin attests that the organisation controls the domain; who and when are recorded. */
export async function verifyDomain(ctx: MemberContext, domainId: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .update(ssoDomains)
      .set({ verifiedAt: new Date(), verifiedBy: ctx.userId })
      .where(and(eq(ssoDomains.workspaceId, ctx.workspaceId), eq(ssoDomains.id, domainId)))
      .returning()
    if (!row) throw new NotFoundError('Domain not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.domain_verified', subject: row.domain, data: { attestedBy: ctx.userId } })
  })
}

export async function removeDomain(ctx: MemberContext, domainId: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx.delete(ssoDomains).where(and(eq(ssoDomains.workspaceId, ctx.workspaceId), eq(ssoDomains.id, domainId))).returning()
    if (!row) throw new NotFoundError('Domain not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.domain_removed', subject: row.domain })
  })
}
