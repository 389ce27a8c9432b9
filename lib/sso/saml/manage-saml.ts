import { and, eq } from 'drizzle-orm'
import { sessions, ssoConnections, ssoSamlSettings, type SamlBinding } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, ValidationError } from '@/lib/errors'
import type { RoleKey } from '@/lib/rbac/permissions'
import { outboundUrlProblem } from '@/lib/net/outbound-url'
import { assertGrantable } from '../manage-connections'
import { fetchIdpMetadata, IdpMetadataError, parseIdpMetadata, readCertificate, type IdpDescription } from './idp-metadata'

export type SamlConnectionInput = {
  name: string
  defaultRole: RoleKey
  trustEmails: boolean
  idpInitiated: boolean
  /** One of: the metadata XML, its URL, or entity ID + SSO URL + certificate typed in. */
  metadataXml?: string
  metadataUrl?: string
  entityId?: string
  ssoUrl?: string
  certificate?: string
  emailAttribute?: string
  nameAttribute?: string
  groupsAttribute?: string
}

const hasSource = (i: SamlConnectionInput) => Boolean(i.metadataXml || i.metadataUrl || i.entityId || i.ssoUrl || i.certificate)

/** The IdP, from whichever source the admin gave; each mistake is a field error in words. */
export async function describeIdp(i: SamlConnectionInput): Promise<IdpDescription & { metadataUrl: string | null }> {
  try {
    if (i.metadataXml) return { ...parseIdpMetadata(i.metadataXml), metadataUrl: null }
    if (i.metadataUrl) return { ...(await fetchIdpMetadata(i.metadataUrl)).description, metadataUrl: i.metadataUrl }
  } catch (err) {
    if (err instanceof IdpMetadataError) throw new ValidationError({ [err.field]: [err.message] })
    throw err
  }
  const errors: Record<string, string[]> = {}
  if (!i.entityId) errors.entityId = ['Enter the IdP entity ID (or paste its metadata above)']
  const ssoProblem = i.ssoUrl ? outboundUrlProblem(i.ssoUrl, { query: true }) : 'is missing'
  if (ssoProblem) errors.ssoUrl = [`The SSO URL ${ssoProblem}`]
  let pem: string | null = null
  if (!i.certificate) errors.certificate = ['Paste the IdP signing certificate (PEM)']
  else {
    try {
      pem = readCertificate(i.certificate).pem
    } catch (err) {
      if (err instanceof IdpMetadataError) errors.certificate = [err.message]
      else throw err
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors, 'Paste the IdP metadata, give its URL, or fill in entity ID, SSO URL and certificate')
  return { entityId: i.entityId!, ssoUrl: i.ssoUrl!, binding: 'redirect' as SamlBinding, certificates: [pem!], metadataUrl: null }
}

const attributeColumns = (i: SamlConnectionInput) => ({
  emailAttribute: i.emailAttribute || null,
  nameAttribute: i.nameAttribute || null,
  groupsAttribute: i.groupsAttribute || null,
})

export async function createSamlConnection(ctx: MemberContext, input: SamlConnectionInput): Promise<{ id: string }> {
  await assertGrantable(ctx, input.defaultRole)
  const idp = await describeIdp(input)
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx
      .insert(ssoConnections)
      .values({
        workspaceId: ctx.workspaceId,
        name: input.name,
        protocol: 'saml',
        issuer: idp.entityId,
        defaultRoleKey: input.defaultRole,
        trustEmails: input.trustEmails,
        createdBy: ctx.userId,
      })
      .returning({ id: ssoConnections.id })
    await tx.insert(ssoSamlSettings).values({
      connectionId: row!.id,
      workspaceId: ctx.workspaceId,
      ssoUrl: idp.ssoUrl,
      binding: idp.binding,
      certificates: idp.certificates,
      metadataUrl: idp.metadataUrl,
      idpInitiated: input.idpInitiated,
      ...attributeColumns(input),
    })
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.connection_created', subject: input.name, data: { protocol: 'saml', issuer: idp.entityId } })
    return { id: row!.id }
  })
}

/** Updates a SAML connection; without a new metadata source the IdP's settings stay as they are. */
export async function updateSamlConnection(ctx: MemberContext, id: string, input: SamlConnectionInput & { enabled: boolean }): Promise<void> {
  await assertGrantable(ctx, input.defaultRole)
  const idp = hasSource(input) ? await describeIdp(input) : null
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [before] = await tx
      .select()
      .from(ssoConnections)
      .where(and(eq(ssoConnections.workspaceId, ctx.workspaceId), eq(ssoConnections.id, id), eq(ssoConnections.protocol, 'saml')))
    if (!before) throw new NotFoundError('SSO connection not found')
    await tx
      .update(ssoConnections)
      .set({ name: input.name, defaultRoleKey: input.defaultRole, enabled: input.enabled, trustEmails: input.trustEmails, updatedAt: new Date(), ...(idp ? { issuer: idp.entityId } : {}) })
      .where(eq(ssoConnections.id, id))
    await tx
      .update(ssoSamlSettings)
      .set({
        idpInitiated: input.idpInitiated,
        ...attributeColumns(input),
        ...(idp ? { ssoUrl: idp.ssoUrl, binding: idp.binding, certificates: idp.certificates, metadataUrl: idp.metadataUrl } : {}),
      })
      .where(eq(ssoSamlSettings.connectionId, id))
    // Switched off, or pointed at another IdP: the sessions it made end.
    if (!input.enabled || (idp && idp.entityId !== before.issuer)) await tx.delete(sessions).where(eq(sessions.ssoConnectionId, id))
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      action: 'sso.connection_updated',
      subject: input.name,
      data: { protocol: 'saml', issuer: idp?.entityId ?? before.issuer, enabled: input.enabled, idpInitiated: input.idpInitiated, metadataChanged: Boolean(idp) },
    })
  })
}
