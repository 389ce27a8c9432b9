'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { bulkRestore, bulkRetire, bulkSetDepartment, MAX_BULK } from '@/lib/catalog/bulk'
import { importTouchpoints } from '@/lib/catalog/import'
import { assignOwner } from '@/lib/ownership/assign'

const ids = z
  .array(z.string().min(1).max(64), { error: 'Choose the touchpoints' })
  .min(1, 'Choose at least one touchpoint')
  .max(MAX_BULK, `Change at most ${MAX_BULK} touchpoints at a time`)

export const bulkSetDepartmentAction = workspaceAction(
  z.object({ ids, departmentId: z.union([z.uuid({ error: 'Unknown department' }), z.literal('none')], { error: 'Choose a department' }) }),
  'touchpoints.assign',
  (ctx, i) => bulkSetDepartment(ctx, i.ids, i.departmentId === 'none' ? null : i.departmentId),
)

/** Sets (or clears, with "none") the owning person of the touchpoints: managers and up. */
export const bulkAssignOwnerAction = workspaceAction(
  z.object({ ids, ownerUserId: z.union([z.string().min(1).max(64), z.literal('none')], { error: 'Choose a person' }) }),
  'touchpoints.assign',
  (ctx, i) => assignOwner(ctx, i.ids, { ownerUserId: i.ownerUserId === 'none' ? null : i.ownerUserId }),
)

export const bulkRetireAction = workspaceAction(z.object({ ids }), 'maps.edit', (ctx, i) => bulkRetire(ctx, i.ids))

export const bulkRestoreAction = workspaceAction(z.object({ ids }), 'maps.edit', (ctx, i) => bulkRestore(ctx, i.ids))

/**
 * Commits a small CSV import in one call (all or nothing). Server actions
 * carry at most 1 MB; the Touchpoints page sends files through
 * POST /api/workspaces/{id}/touchpoints/import, which also streams progress.
 */
export const importTouchpointsAction = workspaceAction(z.object({ csv: z.string({ error: 'Choose a CSV file' }).min(1, 'Choose a CSV file') }), 'maps.edit', (ctx, i) =>
  importTouchpoints(ctx, i.csv, { commit: true }),
)
