import { createMap } from '@/lib/maps/maps'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

/** Maps: the v1 API and the new-map action. */
export const mapsCases: CaseFile = {
  setupB: async ({ B }) => {
    const { id } = await createMap(await ctxOf(B.owner.id, B.ws.id), { name: 'B journey', template: 'purchase' })
    return { mapId: id }
  },
  routes: {
    'app/api/v1/maps/route.ts GET': { kind: 'workspace', query: ({ B }) => ({ workspace: B.ws.id }) },
    'app/api/v1/maps/route.ts POST': { kind: 'workspace', query: ({ B }) => ({ workspace: B.ws.id }), body: () => ({ name: 'Smuggled', template: 'blank' }) },
    'app/api/v1/maps/[mapId]/route.ts GET': { kind: 'workspace', params: ({ ids }) => ({ mapId: ids.mapId! }), query: ({ B }) => ({ workspace: B.ws.id }) },
  },
  actions: {
    'app/w/[slug]/maps/actions.ts createMapAction': { kind: 'workspace', input: () => ({ name: 'Smuggled map', template: 'lifecycle' }) },
  },
}
