import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { startRealtimeServer } from '../../support/realtime'
import type { CaseFile } from './types'

const T = 'app/api/workspaces/[workspaceId]/touchpoints'
const A = 'app/w/[slug]/touchpoints/actions.ts'

/** The touchpoint catalog: list, export and import routes, bulk and import actions. */
export const catalog: CaseFile = {
  setupB: async ({ B }) => {
    // B's touchpoints through the live document, like any edit; the engine is closed again so nothing changes B during the matrix.
    const rt = await startRealtimeServer()
    try {
      let touchpointId = ''
      const doc = await withDocument(B.ws.id, catalogDocName(B.ws.id), (d) => {
        touchpointId = addTouchpoint(d, { name: 'B invoice email', channel: 'Email' }, B.owner.id)
        addTouchpoint(d, { name: 'B store', kind: 'physical', status: 'retired' }, B.owner.id)
        return d
      })
      await projectCatalog(B.ws.id, doc)
      return { touchpointId }
    } finally {
      await rt.close()
    }
  },
  routes: {
    [`${T}/route.ts GET`]: { kind: 'workspace', query: () => ({ q: 'invoice' }) },
    [`${T}/export.csv/route.ts GET`]: { kind: 'workspace' },
    [`${T}/import/route.ts POST`]: { kind: 'workspace', query: () => ({ commit: '1' }), body: () => 'name\nSpy touchpoint\n' },
  },
  actions: {
    [`${A} bulkSetDepartmentAction`]: { kind: 'workspace', input: ({ ids }) => ({ ids: [ids.touchpointId], departmentId: ids.departmentId }) },
    [`${A} bulkRetireAction`]: { kind: 'workspace', input: ({ ids }) => ({ ids: [ids.touchpointId] }) },
    [`${A} bulkRestoreAction`]: { kind: 'workspace', input: ({ ids }) => ({ ids: [ids.touchpointId] }) },
    [`${A} importTouchpointsAction`]: { kind: 'workspace', input: () => ({ csv: 'name,map,stage,segment\nSpy,Any,Awareness,Anyone\n' }) },
  },
}
