/**
 * Assigning owners: a person and/or a department per touchpoint, by members
 * with 'touchpoints.assign' (managers, admins, owners). The owner lives in the
 * catalog's live document like every field (lib/maps/doc-schema.ts), so open
 * editors show it at once; the read model, the history, the activity log and
 * the new owner's notification follow from the projection
 * (lib/ownership/owner-changes.ts), whichever way the owner was set.
 */
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { ValidationError } from '@/lib/errors'
import { patchMany } from '@/lib/catalog/bulk'
import { checkOwners, type OwnerPatch } from './check-owners'

export type { OwnerPatch } from './check-owners'

/** Sets the given owner fields (undefined leaves a field as it is, null clears it); returns how many touchpoints exist and were patched. */
export async function assignOwner(ctx: MemberContext, touchpointIds: string[], owner: OwnerPatch): Promise<{ updated: number }> {
  assertCan(ctx, 'touchpoints.assign')
  const patch: OwnerPatch = {}
  if (owner.ownerUserId !== undefined) patch.ownerUserId = owner.ownerUserId
  if (owner.ownerDepartmentId !== undefined) patch.ownerDepartmentId = owner.ownerDepartmentId
  if (!('ownerUserId' in patch) && !('ownerDepartmentId' in patch)) throw new ValidationError({ ownerUserId: ['Choose a person or a department'] }, 'Choose a person or a department')
  await checkOwners(ctx, patch)
  return patchMany(ctx, touchpointIds, patch)
}
