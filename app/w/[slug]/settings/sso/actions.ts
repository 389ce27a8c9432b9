'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { checkboxSchema, nameSchema, roleSchema, uuidSchema } from '@/lib/schemas/common'
import { addDomain, attestDomain, checkDomain, removeDomain } from '@/lib/sso/domain-claims'
import { createConnection, deleteConnection, updateConnection } from '@/lib/sso/manage-connections'
import { domainSchema, issuerSchema } from '@/lib/sso/schemas'
import { currentSession } from '@/lib/auth/current-session'
import { mapGroupRole } from '@/lib/scim/groups'
import { createScimToken, revokeScimToken } from '@/lib/scim/tokens'
import { setBreakGlassOwner, setDomainEnforcement } from '@/lib/sso/enforcement'
import { createSamlConnection, updateSamlConnection } from '@/lib/sso/saml/manage-saml'
import { SAML_MAX_BYTES } from '@/lib/sso/saml/xml'

const connectionFields = {
  name: nameSchema('connection name', 80),
  issuer: issuerSchema,
  clientId: z.string({ error: 'Enter the client ID' }).trim().min(1, 'Enter the client ID').max(300, 'The client ID is too long'),
  defaultRole: roleSchema,
  trustEmails: checkboxSchema,
}

export const createSsoConnectionAction = workspaceAction(
  z.object({ ...connectionFields, clientSecret: z.string({ error: 'Enter the client secret' }).min(1, 'Enter the client secret').max(1000, 'The client secret is too long') }),
  'sso.manage',
  (ctx, input) => createConnection(ctx, input),
)

export const updateSsoConnectionAction = workspaceAction(
  z.object({ ...connectionFields, connectionId: uuidSchema('connection'), clientSecret: z.string().max(1000, 'The client secret is too long').optional(), enabled: checkboxSchema }),
  'sso.manage',
  (ctx, { connectionId, ...input }) => updateConnection(ctx, connectionId, input),
)

export const deleteSsoConnectionAction = workspaceAction(z.object({ connectionId: uuidSchema('connection') }), 'sso.manage', (ctx, i) =>
  deleteConnection(ctx, i.connectionId),
)

export const addSsoDomainAction = workspaceAction(z.object({ connectionId: uuidSchema('connection'), domain: domainSchema }), 'sso.manage', (ctx, i) =>
  addDomain(ctx, i.connectionId, i.domain),
)

/** Looks up the domain's TXT record now; the answer says what was found. */
export const checkSsoDomainAction = workspaceAction(z.object({ domainId: uuidSchema('domain') }), 'sso.manage', async (ctx, i) => ({
  outcome: await checkDomain(ctx, i.domainId),
}))

export const attestSsoDomainAction = workspaceAction(
  z.object({
    domainId: uuidSchema('domain'),
    attest: checkboxSchema.refine((v) => v, 'Confirm that your organisation controls this domain'),
  }),
  'sso.manage',
  (ctx, i) => attestDomain(ctx, i.domainId),
)

export const removeSsoDomainAction = workspaceAction(z.object({ domainId: uuidSchema('domain') }), 'sso.manage', (ctx, i) => removeDomain(ctx, i.domainId))

const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} is too long (at most ${max} characters)`)
    .optional()
    .transform((v) => v || undefined)

const samlFields = {
  name: nameSchema('connection name', 80),
  defaultRole: roleSchema,
  trustEmails: checkboxSchema,
  idpInitiated: checkboxSchema,
  metadataXml: optionalText('metadata XML', SAML_MAX_BYTES),
  metadataUrl: optionalText('metadata URL', 2000),
  entityId: optionalText('entity ID', 500),
  ssoUrl: optionalText('SSO URL', 2000),
  certificate: optionalText('certificate', 20_000),
  emailAttribute: optionalText('email attribute', 200),
  nameAttribute: optionalText('name attribute', 200),
  groupsAttribute: optionalText('groups attribute', 200),
}

export const createSamlConnectionAction = workspaceAction(z.object(samlFields), 'sso.manage', (ctx, input) => createSamlConnection(ctx, input))

export const updateSamlConnectionAction = workspaceAction(
  z.object({ ...samlFields, connectionId: uuidSchema('connection'), enabled: checkboxSchema }),
  'sso.manage',
  (ctx, { connectionId, ...input }) => updateSamlConnection(ctx, connectionId, input),
)

/** Requires SSO for a domain (or makes it optional again); the session's own connection tells whether the admin would lock themselves out. */
export const setDomainEnforcementAction = workspaceAction(
  z.object({ domainId: uuidSchema('domain'), enforced: checkboxSchema, confirmSelf: checkboxSchema }),
  'sso.manage',
  async (ctx, i) => setDomainEnforcement(ctx, { ...i, currentConnectionId: (await currentSession())?.ssoConnectionId ?? null }),
)

export const setBreakGlassAction = workspaceAction(
  z.object({ userId: z.string({ error: 'Choose an owner, or none' }).max(100, 'Choose an owner, or none').transform((v) => v || null) }),
  'sso.manage',
  (ctx, i) => setBreakGlassOwner(ctx, i.userId),
)

/** A new SCIM token: its secret is in the answer, once. */
export const createScimTokenAction = workspaceAction(z.object({ connectionId: uuidSchema('connection') }), 'sso.manage', async (ctx, i) => {
  const { token, id } = await createScimToken(ctx, i.connectionId)
  return { id, key: token, name: 'SCIM', prefix: token.slice(0, 14) }
})

export const revokeScimTokenAction = workspaceAction(z.object({ tokenId: uuidSchema('token') }), 'sso.manage', (ctx, i) => revokeScimToken(ctx, i.tokenId))

export const mapScimGroupAction = workspaceAction(
  z.object({ groupId: uuidSchema('group'), role: z.union([roleSchema, z.literal('')]).transform((v) => v || null) }),
  'sso.manage',
  (ctx, i) => mapGroupRole(ctx, i.groupId, i.role),
)
