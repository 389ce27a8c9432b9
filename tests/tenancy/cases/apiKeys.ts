import { createApiKey } from '@/lib/api-keys/keys'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const S = 'app/w/[slug]/settings/api-keys/actions.ts'

/**
 * API keys, the v1 insights API and its OpenAPI document. Here: a member of A
 * signed in and naming B. What a key of A may do with B's things is tested
 * with real keys in tests/integration/api-v1.test.ts.
 */
export const apiKeysCases: CaseFile = {
  setupB: async ({ B }) => {
    const key = await createApiKey(await ctxOf(B.owner.id, B.ws.id), { name: 'B ingestion' })
    return { apiKeyId: key.id }
  },
  routes: {
    'app/api/v1/insights/route.ts GET': { kind: 'workspace', query: ({ B }) => ({ workspace: B.ws.id }) },
    'app/api/v1/insights/route.ts POST': {
      kind: 'workspace',
      query: ({ B }) => ({ workspace: B.ws.id }),
      body: () => ({ title: 'Planted insight', type: 'complaint', source: 'support' }),
    },
    'app/api/v1/openapi.json/route.ts GET': { kind: 'not-scoped', why: 'the public description of the API: the same document for everyone, nothing of any workspace' },
  },
  actions: {
    [`${S} createApiKeyAction`]: { kind: 'workspace', input: () => ({ name: 'Spy key' }) },
    [`${S} revokeApiKeyAction`]: { kind: 'workspace', input: ({ ids }) => ({ keyId: ids.apiKeyId }) },
  },
}
