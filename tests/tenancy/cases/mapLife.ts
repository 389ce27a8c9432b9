import { saveTemplate } from '@/lib/maps/templates'
import { createShareLink } from '@/lib/sharing/share-links'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const M = 'app/w/[slug]/maps/actions.ts'
const S = 'app/w/[slug]/maps/[mapId]/share/actions.ts'
const share = (why: string) => ({ kind: 'not-scoped' as const, why })

/** A map's own life, templates and share links: nothing of B's can be renamed, copied, archived, deleted, restored, saved, shared or revoked by a member of A; B's viewer changes nothing. */
export const mapLifeCases: CaseFile = {
  setupB: async ({ B, ids }) => {
    const owner = await ctxOf(B.owner.id, B.ws.id)
    const template = await saveTemplate(owner, ids.mapId!, { name: 'B template', withTouchpoints: false })
    const link = await createShareLink(owner, ids.mapId!, { label: 'B link', password: null, expiresAt: null, showDetails: false })
    return { templateId: template.id, shareLinkId: link.id }
  },
  routes: {
    'app/api/share/[token]/route.ts GET': share('opened by its token alone (no session, no workspace id): the token finds one map of one workspace or nothing; tests/integration/sharing.test.ts tries other ids and routes with it'),
    'app/api/share/[token]/unlock/route.ts POST': share('checks a share link’s password by its token alone; rate limited per link and address (tests/integration/sharing.test.ts)'),
    'app/api/share/[token]/events/route.ts GET': share('the change stream of one share link, by its token alone (tests/integration/sharing.test.ts)'),
  },
  actions: {
    [`${M} renameMapAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, name: 'Renamed by A' }) },
    [`${M} duplicateMapAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, name: 'Copied by A', cards: 'with' }) },
    [`${M} archiveMapAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, archived: 'true' }) },
    [`${M} deleteMapAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId }) },
    [`${M} restoreDeletedMapAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId }) },
    [`${M} saveTemplateAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, name: 'Template by A', cards: 'with' }) },
    [`${M} deleteTemplateAction`]: { kind: 'workspace', input: ({ ids }) => ({ templateId: ids.templateId }) },
    [`${S} createShareLinkAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, label: 'Leak', showDetails: 'on' }) },
    [`${S} revokeShareLinkAction`]: { kind: 'workspace', input: ({ ids }) => ({ linkId: ids.shareLinkId }) },
  },
}
