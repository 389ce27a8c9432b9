'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { uuidSchema } from '@/lib/schemas/common'
import { createShareLink, revokeShareLink } from '@/lib/sharing/share-links'

const expiry = z.preprocess(
  (v) => (v === '' || v == null ? null : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the expiry as a date')
    .transform((d) => new Date(`${d}T23:59:59.999Z`))
    .refine((d) => !Number.isNaN(d.getTime()), 'Give the expiry as a date')
    .refine((d) => d.getTime() > Date.now(), 'The expiry is in the past: choose a later date')
    .nullable(),
)

export const createShareLinkAction = workspaceAction(
  z.object({
    mapId: uuidSchema('map'),
    label: z.string().trim().max(80, 'A label can have at most 80 characters').default(''),
    password: z.preprocess((v) => (v === '' || v == null ? null : v), z.string().min(8, 'A password has at least 8 characters').max(200, 'A password can have at most 200 characters').nullable()),
    expiresAt: expiry,
    showDetails: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  }),
  'maps.share',
  async (ctx, i) => {
    const { id, token } = await createShareLink(ctx, i.mapId, { label: i.label, password: i.password, expiresAt: i.expiresAt, showDetails: i.showDetails })
    return { id, path: `/s/${token}` }
  },
)

export const revokeShareLinkAction = workspaceAction(z.object({ linkId: uuidSchema('share link') }), 'maps.share', (ctx, i) => revokeShareLink(ctx, i.linkId))
