import type { CaseFile } from './types'

const TP = 'app/w/[slug]/touchpoints/[touchpointId]/actions.ts'
const CATALOG = 'app/w/[slug]/touchpoints/actions.ts'

/**
 * Ownership: assigning owners (one touchpoint, or in bulk from the
 * Touchpoints page) and marking a touchpoint reviewed. B's touchpoint and
 * member come from the catalog's and foundation's setups.
 */
export const ownershipCases: CaseFile = {
  routes: {},
  actions: {
    [`${TP} assignOwnerAction`]: {
      kind: 'workspace',
      input: ({ ids }) => ({ touchpointId: ids.touchpointId, ownerUserId: ids.userId, ownerDepartmentId: ids.departmentId }),
    },
    // Members may call it (owners mark their own touchpoints reviewed); B's viewer owns nothing there, so the service answers 403.
    [`${TP} markReviewedAction`]: { kind: 'workspace', input: ({ ids }) => ({ touchpointId: ids.touchpointId }) },
    [`${CATALOG} bulkAssignOwnerAction`]: { kind: 'workspace', input: ({ ids }) => ({ ids: [ids.touchpointId], ownerUserId: ids.userId }) },
  },
}
