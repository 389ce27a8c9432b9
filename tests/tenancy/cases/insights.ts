import { createInsights } from '@/lib/insights/create'
import { insightInputSchema } from '@/lib/insights/model'
import type { CaseFile } from './types'

const R = 'app/api/workspaces/[workspaceId]/insights'
const A = 'app/w/[slug]/insights/actions.ts'

/** The insight feed: feed and import routes, the add form and the triage actions. */
export const insightsCases: CaseFile = {
  setupB: async ({ B }) => {
    const [first, second] = await createInsights(
      { workspaceId: B.ws.id, userId: B.editor.id },
      [
        insightInputSchema.parse({ title: 'B secret complaint', body: 'invoice amount', type: 'complaint', source: 'support' }),
        insightInputSchema.parse({ title: 'B other insight', type: 'idea', source: 'crm' }),
      ],
      'form',
    )
    return { insightId: first!.id, insightId2: second!.id }
  },
  routes: {
    [`${R}/route.ts GET`]: { kind: 'workspace', query: () => ({ q: 'invoice' }) },
    [`${R}/import/route.ts POST`]: { kind: 'workspace', query: () => ({ commit: '1' }), body: () => 'title,type,source\nSpy insight,idea,crm\n' },
  },
  actions: {
    [`${A} createInsightAction`]: { kind: 'workspace', input: () => ({ title: 'Spy', type: 'idea', source: 'crm' }) },
    [`${A} assignInsightAction`]: { kind: 'workspace', input: ({ ids, B }) => ({ insightId: ids.insightId, assigneeId: B.viewer.id }) },
    [`${A} setInsightStatusAction`]: { kind: 'workspace', input: ({ ids }) => ({ insightId: ids.insightId, status: 'dismissed', resolution: 'spy' }) },
    [`${A} linkTouchpointsAction`]: { kind: 'workspace', input: ({ ids }) => ({ insightId: ids.insightId, remove: ['x'] }) },
    [`${A} mergeInsightAction`]: { kind: 'workspace', input: ({ ids }) => ({ insightId: ids.insightId, targetId: ids.insightId2 }) },
    [`${A} markInsightsReadAction`]: { kind: 'workspace', input: ({ ids }) => ({ ids: [ids.insightId] }), viewerMay: true },
    [`${A} markAllInsightsReadAction`]: { kind: 'workspace', input: () => ({}), viewerMay: true, emptyInputOk: true },
  },
}
