/**
 * Bulk changes from the Touchpoints page: one write path, updateTouchpoint on
 * the catalog's live document through withDocument (stored and broadcast like
 * an edit), then the read model is brought up to date before returning.
 */
import type * as Y from 'yjs'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { ValidationError } from '@/lib/errors'
import { catalogDocName, touchpointsOf, updateTouchpoint } from '@/lib/maps/doc-schema'
import type { TouchpointFields } from '@/lib/maps/model'
import { projectCatalog } from '@/lib/maps/projection'
import { checkOwners } from '@/lib/ownership/check-owners'
import { withDocument } from '@/lib/documents/live-documents'

export const MAX_BULK = 5000

/**
 * Applies one patch to many touchpoints in one change; returns how many exist (and were patched).
 * Owner fields need 'touchpoints.assign' (lib/ownership/assign.ts), everything else 'maps.edit'.
 */
export async function patchMany(ctx: MemberContext, ids: string[], patch: Partial<TouchpointFields>): Promise<{ updated: number }> {
  assertCan(ctx, 'ownerUserId' in patch || 'ownerDepartmentId' in patch ? 'touchpoints.assign' : 'maps.edit')
  if (ids.length > MAX_BULK) throw new ValidationError({ ids: [`Change at most ${MAX_BULK} touchpoints at a time`] })
  const unique = [...new Set(ids)]
  let updated = 0
  const doc = await withDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId), (d: Y.Doc) => {
    const all = touchpointsOf(d)
    for (const id of unique) if (all.has(id) && updateTouchpoint(d, id, patch, ctx.userId)) updated++
    return d
  })
  await projectCatalog(ctx.workspaceId, doc)
  return { updated }
}

/** Sets (or clears, with null) the owning department of the touchpoints ('touchpoints.assign'). */
export async function bulkSetDepartment(ctx: MemberContext, ids: string[], departmentId: string | null) {
  assertCan(ctx, 'touchpoints.assign')
  await checkOwners(ctx, { ownerDepartmentId: departmentId })
  return patchMany(ctx, ids, { ownerDepartmentId: departmentId })
}

/** Retires touchpoints: they leave the maps and stay in the catalog with their history. */
export const bulkRetire = (ctx: MemberContext, ids: string[]) => patchMany(ctx, ids, { status: 'retired' })

/** Brings retired touchpoints back (onto the maps where they were placed). */
export const bulkRestore = (ctx: MemberContext, ids: string[]) => patchMany(ctx, ids, { status: 'active' })
