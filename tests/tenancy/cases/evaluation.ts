import { touchpointScores } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import { DEFAULT_WEIGHTS } from '@/lib/evaluation/model'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import type { CaseFile } from './types'

const E = 'app/api/workspaces/[workspaceId]/evaluations'
const A = 'app/w/[slug]/analysis/actions.ts'

/** Evaluation: B's scores, estimates and weights can be neither read nor changed by a member of A; B's viewer changes nothing. */
export const evaluationCases: CaseFile = {
  setupB: async ({ B }) => {
    let evalTouchpointId = ''
    const doc = await withDocument(B.ws.id, catalogDocName(B.ws.id), (d) => {
      evalTouchpointId = addTouchpoint(d, { name: 'B checkout page' }, B.owner.id)
      return d
    })
    await projectCatalog(B.ws.id, doc)
    await inWorkspace(B.ws.id, null, (tx) =>
      tx.insert(touchpointScores).values({ workspaceId: B.ws.id, touchpointId: evalTouchpointId, userId: B.editor.id, criterion: 'value', score: 2 }),
    )
    return { evalTouchpointId }
  },
  routes: {
    [`${E}/route.ts GET`]: { kind: 'workspace', query: ({ ids }) => ({ ids: ids.evalTouchpointId! }) },
    [`${E}/[touchpointId]/route.ts GET`]: { kind: 'workspace', params: ({ ids }) => ({ touchpointId: ids.evalTouchpointId! }) },
    [`${E}/analysis/route.ts GET`]: { kind: 'workspace' },
  },
  actions: {
    [`${A} setMyScoresAction`]: { kind: 'workspace', input: ({ ids }) => ({ touchpointId: ids.evalTouchpointId, scores: { value: 5, fit: 1 } }) },
    [`${A} setEstimatesAction`]: { kind: 'workspace', input: ({ ids }) => ({ touchpointId: ids.evalTouchpointId, importance: 5, effort: 1 }) },
    [`${A} setWeightsAction`]: { kind: 'workspace', input: () => ({ ...DEFAULT_WEIGHTS, value: 5 }) },
  },
}
