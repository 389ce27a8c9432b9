import { saveVersion } from '@/lib/versions/versions'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const A = 'app/w/[slug]/maps/[mapId]/versions/actions.ts'

/** Versions: B's map versions can be neither saved, read nor restored by a member of A; B's viewer changes nothing. */
export const versionsCases: CaseFile = {
  setupB: async ({ B, ids }) => {
    const v = await saveVersion(await ctxOf(B.owner.id, B.ws.id), { mapId: ids.mapId!, name: 'B version' })
    return { versionId: v.id }
  },
  routes: {},
  actions: {
    [`${A} saveVersionAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, name: 'Smuggled version' }) },
    [`${A} restoreVersionAction`]: { kind: 'workspace', input: ({ ids }) => ({ versionId: ids.versionId }) },
  },
}
