import type { CaseFile } from './types'

const D = 'app/api/workspaces/[workspaceId]/analysis'

/** Analysis: B's distribution (workspace-wide, one of B's maps, a CSV table) and B's map report are a 404 to a member of A. */
export const analysisCases: CaseFile = {
  routes: {
    [`${D}/distribution/route.ts GET`]: { kind: 'workspace', query: ({ ids }) => ({ map: ids.mapId!, table: 'heatmap' }) },
    [`${D}/report/route.ts GET`]: { kind: 'workspace', query: ({ ids }) => ({ map: ids.mapId! }) },
  },
  actions: {},
}
