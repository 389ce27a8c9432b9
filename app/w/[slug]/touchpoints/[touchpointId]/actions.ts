'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { NotFoundError } from '@/lib/errors'
import { assignOwner } from '@/lib/ownership/assign'
import { markReviewed } from '@/lib/ownership/review'

const touchpointId = z.string({ error: 'Choose a touchpoint' }).min(1, 'Choose a touchpoint').max(64)
/** "" clears the field (no person, no department). */
const optionalId = (what: string) =>
  z
    .string({ error: `Choose a ${what}` })
    .max(64)
    .transform((s) => (s === '' ? null : s))

/** The owner of one touchpoint (person and department, both sent): managers and up. */
export const assignOwnerAction = workspaceAction(
  z.object({ touchpointId, ownerUserId: optionalId('person'), ownerDepartmentId: optionalId('department') }),
  'touchpoints.assign',
  async (ctx, i) => {
    const r = await assignOwner(ctx, [i.touchpointId], { ownerUserId: i.ownerUserId, ownerDepartmentId: i.ownerDepartmentId })
    if (r.updated === 0) throw new NotFoundError('Touchpoint not found')
    return r
  },
)

/** Marks the touchpoint reviewed now: its owner (person or department), or anyone who assigns owners. */
export const markReviewedAction = workspaceAction(z.object({ touchpointId }), 'maps.read', (ctx, i) => markReviewed(ctx, i.touchpointId))
