import { withDocument } from '@/lib/documents/live-documents'
import { addSegment, mapDocName } from '@/lib/maps/doc-schema'
import { createPersona } from '@/lib/personas/personas'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const A = 'app/w/[slug]/personas/actions.ts'

/** Personas: B's library can be neither read, changed, deleted nor added to by a member of A, nor B's rows promoted; B's viewer changes nothing. */
export const personasCases: CaseFile = {
  setupB: async ({ B, ids }) => {
    const p = await createPersona(await ctxOf(B.owner.id, B.ws.id), {
      name: 'B persona',
      initials: '',
      colour: 'teal',
      profile: 'Only B knows',
      needs: '',
      goals: '',
      frustrations: '',
      fields: [],
      goal: 'win',
      priority: null,
    })
    const segmentId = await withDocument(B.ws.id, mapDocName(B.ws.id, ids.mapId!), (d) => addSegment(d, { name: 'B row' }))
    return { personaId: p.id, segmentId }
  },
  routes: {
    'app/api/workspaces/[workspaceId]/personas/route.ts GET': { kind: 'workspace' },
  },
  actions: {
    [`${A} createPersonaAction`]: { kind: 'workspace', input: () => ({ name: 'Smuggled persona', goal: 'win' }) },
    [`${A} updatePersonaAction`]: { kind: 'workspace', input: ({ ids }) => ({ personaId: ids.personaId, name: 'Renamed by A', goal: 'prevent_churn' }) },
    [`${A} deletePersonaAction`]: { kind: 'workspace', input: ({ ids }) => ({ personaId: ids.personaId, returnTo: '/' }) },
    [`${A} promoteSegmentAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, segmentId: ids.segmentId }) },
  },
}
