import { randomUUID } from 'node:crypto'
import { maps } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import type { CaseFile, RouteCase } from './types'

const EXPORT = 'app/api/workspaces/[workspaceId]/maps/[mapId]/export'
/** Aimed at B's map, in B's workspace id: a member of A gets 404 and no bytes of it. */
const bMap: RouteCase = { kind: 'workspace', params: ({ ids }) => ({ mapId: ids.exportMapId! }) }

/** Map exports (CSV, JSON, PDF, SVG): read-only, membership-checked downloads. */
export const exportsCases: CaseFile = {
  setupB: async ({ B }) => {
    // A map row is enough: the export reads the read model, and a member of A must not reach it.
    const id = randomUUID()
    await inWorkspace(B.ws.id, B.owner.id, (tx) => tx.insert(maps).values({ id, workspaceId: B.ws.id, name: 'B secret map', template: 'lifecycle', createdBy: B.owner.id }))
    return { exportMapId: id }
  },
  routes: {
    [`${EXPORT}/csv/route.ts GET`]: bMap,
    [`${EXPORT}/json/route.ts GET`]: bMap,
    [`${EXPORT}/pdf/route.ts GET`]: bMap,
    [`${EXPORT}/svg/route.ts GET`]: bMap,
  },
  actions: {},
}
