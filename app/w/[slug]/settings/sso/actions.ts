'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { checkboxSchema, nameSchema, roleSchema, uuidSchema } from '@/lib/schemas/common'
import { addDomain, attestDomain, checkDomain, removeDomain } from '@/lib/sso/domain-claims'
import { createConnection, deleteConnection, updateConnection } from '@/lib/sso/manage-connections'
import { domainSchema, issuerSchema } from '@/lib/sso/schemas'

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
