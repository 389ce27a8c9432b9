/**
 * The OpenAPI 3.1 document of the public v1 API (served at
 * /api/v1/openapi.json). Request bodies come from the same zod schemas the
 * handlers parse (z.toJSONSchema), so the document cannot drift from what is
 * accepted. A test checks that every app/api/v1 route file has its path here.
 */
import { z } from 'zod'
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_HOURS } from '@/lib/api-keys/idempotency'
import { DEFAULT_PAGE, MAX_PAGE } from '@/lib/insights/feed'
import { INSIGHT_SOURCES, INSIGHT_STATUSES, INSIGHT_TYPES, insightInputSchema } from '@/lib/insights/model'
import { newMapSchema } from '@/lib/maps/schemas'
import { dataPaths, dataSchemas, webhookDescriptions } from './data-paths'
import { MAX_BATCH } from './v1'

type Json = Record<string, unknown>

function jsonSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json
  delete out.$schema
  return out
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const errorRef = (name: string, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } })

const responses = {
  Unauthorized: {
    description: 'No valid API key and no session. The body never says why (malformed, unknown and revoked keys look the same).',
    headers: { 'WWW-Authenticate': { schema: { type: 'string', const: 'Bearer' } } },
    content: { 'application/json': { schema: { type: 'object', properties: { error: { const: 'unauthorized' } }, required: ['error'] } } },
  },
  Forbidden: errorRef('Error', 'The key or role may not do this (API keys may read maps, insights and metrics, create insights and record metric values).'),
  NotFound: errorRef('Error', "Not found: also for another workspace's things, and for `?workspace=` naming a workspace other than the key's."),
  TooLarge: errorRef('Error', 'The body is over 256 KB (by Content-Length, or counted while reading a chunked body).'),
  Invalid: errorRef('ValidationError', 'Invalid input: `fieldErrors` maps each field path (e.g. `title`, `insights.3.type`) to messages.'),
  RateLimited: {
    description: 'Too many requests for this API key (API_RATE_LIMIT_PER_MINUTE per key, 600 by default).',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
    content: { 'application/json': { schema: ref('Error') } },
  },
}

const workspaceParam = {
  name: 'workspace',
  in: 'query',
  required: false,
  description: "The workspace id. Required when signed in; with an API key it may be left out (the key's workspace), and naming another workspace answers 404.",
  schema: { type: 'string', format: 'uuid' },
}

const csvEnum = (name: string, values: readonly string[], description: string) => ({
  name,
  in: 'query',
  required: false,
  description: `${description} One or more, separated by commas.`,
  schema: { type: 'string', examples: [values.slice(0, 2).join(',')] },
  'x-enum': values,
})

const q = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema })

const common = (extra: Record<string, unknown> = {}) => ({
  '401': { $ref: '#/components/responses/Unauthorized' },
  '404': { $ref: '#/components/responses/NotFound' },
  '429': { $ref: '#/components/responses/RateLimited' },
  ...extra,
})

export function openApiDocument(serverUrl: string): Json {
  const insightCreated = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, createdAt: { type: 'string', format: 'date-time' } }, required: ['id', 'createdAt'] }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Touchmap API',
      version: '1',
      description:
        'Read a workspace\'s maps, touchpoints, KPIs and insight feed; send insights and KPI values from other systems (support desk, review sites, CRM, BI). ' +
        'Authenticate with a workspace API key (Settings → API keys; admins create and revoke them) as `Authorization: Bearer tm_…`. ' +
        'A key belongs to one workspace and may read maps, touchpoints, KPIs and insights, create insights and record KPI values; it is rate limited per key. ' +
        'Lists are keyset-paginated (`cursor`, `nextCursor`). Touchmap also sends signed webhooks (see `webhooks`).',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    tags: [{ name: 'Insights' }, { name: 'Maps' }, { name: 'Touchpoints' }, { name: 'KPIs' }, { name: 'Webhooks' }, { name: 'Meta' }],
    paths: {
      ...dataPaths(workspaceParam),
      '/api/v1/insights': {
        get: {
          tags: ['Insights'],
          operationId: 'listInsights',
          summary: 'The insight feed, newest first',
          description: 'Keyset pagination: pass `nextCursor` from a page as `cursor` to get the next one; pages stay stable while insights arrive.',
          parameters: [
            workspaceParam,
            csvEnum('status', INSIGHT_STATUSES, 'Only insights with these statuses.'),
            csvEnum('type', INSIGHT_TYPES, 'Only these types.'),
            csvEnum('source', INSIGHT_SOURCES, 'Only these sources.'),
            q('touchpoint', 'Only insights linked to this touchpoint (id).'),
            q('segment', 'Only insights concerning this segment: `<map id>:<segment id>`.'),
            q('topic', 'Only insights with this topic.'),
            q('owner', 'Only insights linked to touchpoints owned by this person or department (id).'),
            q('assignee', 'Only insights assigned to this person (user id).'),
            q('from', 'Earliest day (YYYY-MM-DD), of `dateOn`.', { type: 'string', format: 'date' }),
            q('to', 'Latest day (YYYY-MM-DD), of `dateOn`.', { type: 'string', format: 'date' }),
            q('dateOn', 'Which date `from` and `to` apply to: when it was created (default) or observed.', { type: 'string', enum: ['created', 'observed'] }),
            q('q', 'Full-text search in title and body (web search syntax: words, "phrases", -not).'),
            q('merged', '`1` to include insights merged into another as duplicates (hidden by default).', { type: 'string', enum: ['0', '1'] }),
            q('cursor', 'The `nextCursor` of the previous page.'),
            q('limit', `Items per page, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE}).`, { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE }),
          ],
          responses: common({
            '200': {
              description: 'One page of the feed.',
              content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: ref('Insight') }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] } } },
            },
            '422': { $ref: '#/components/responses/Invalid' },
          }),
        },
        post: {
          tags: ['Insights'],
          operationId: 'createInsights',
          summary: 'Send one insight, or a batch of up to 500',
          description:
            `The body is one insight, or \`{ "insights": [ … ] }\` with 1 to ${MAX_BATCH} (all or nothing; batches are the fast way to ingest). ` +
            'Linked touchpoints and segments must exist in the workspace. ' +
            `With an API key, send an \`${IDEMPOTENCY_HEADER}\` header (1 to 200 printable characters, e.g. a UUID) so that a retry creates nothing twice: ` +
            `the first successful answer is kept ${IDEMPOTENCY_TTL_HOURS} hours and replayed (same status and body, header \`Idempotent-Replayed: true\`); ` +
            'the same key with a different body is refused with 422. Failed requests are not kept, so a corrected retry may reuse the key.',
          parameters: [
            workspaceParam,
            { name: IDEMPOTENCY_HEADER, in: 'header', required: false, description: 'Makes a retried POST create its insights once.', schema: { type: 'string', minLength: 1, maxLength: 200 } },
          ],
          requestBody: {
            required: true,
            description: 'At most 256 KB.',
            content: { 'application/json': { schema: { oneOf: [ref('InsightInput'), ref('InsightBatch')] } } },
          },
          responses: common({
            '201': {
              description: 'Created: `{ insight }` for one, `{ insights }` (in the order sent) for a batch.',
              headers: { 'Idempotent-Replayed': { description: '`true` when this is the stored answer of an earlier identical request.', schema: { type: 'string' } } },
              content: {
                'application/json': {
                  schema: {
                    oneOf: [
                      { type: 'object', properties: { insight: insightCreated }, required: ['insight'] },
                      { type: 'object', properties: { insights: { type: 'array', items: insightCreated } }, required: ['insights'] },
                    ],
                  },
                },
              },
            },
            '403': { $ref: '#/components/responses/Forbidden' },
            '413': { $ref: '#/components/responses/TooLarge' },
            '422': { $ref: '#/components/responses/Invalid' },
          }),
        },
      },
      '/api/v1/maps': {
        get: {
          tags: ['Maps'],
          operationId: 'listMaps',
          summary: "The workspace's maps",
          parameters: [workspaceParam],
          responses: common({
            '200': { description: 'The maps.', content: { 'application/json': { schema: { type: 'object', properties: { maps: { type: 'array', items: ref('MapSummary') } }, required: ['maps'] } } } },
            '422': { $ref: '#/components/responses/Invalid' },
          }),
        },
        post: {
          tags: ['Maps'],
          operationId: 'createMap',
          summary: 'Create a map (signed-in editors; API keys get 403)',
          parameters: [workspaceParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('NewMap') } } },
          responses: common({
            '201': { description: 'Created.', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } } },
            '403': { $ref: '#/components/responses/Forbidden' },
            '413': { $ref: '#/components/responses/TooLarge' },
            '422': { $ref: '#/components/responses/Invalid' },
          }),
        },
      },
      '/api/v1/maps/{mapId}': {
        get: {
          tags: ['Maps'],
          operationId: 'getMap',
          summary: 'A map with its stages, segments and placed touchpoints',
          parameters: [{ name: 'mapId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, workspaceParam],
          responses: common({ '200': { description: 'The map.', content: { 'application/json': { schema: ref('MapDetail') } } } }),
        },
      },
      '/api/v1/openapi.json': {
        get: {
          tags: ['Meta'],
          operationId: 'openApiDocument',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    webhooks: webhookDescriptions(),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'tm_<43 characters>', description: 'A workspace API key, shown once when an admin creates it.' },
      },
      responses,
      schemas: {
        ...dataSchemas,
        InsightInput: jsonSchema(insightInputSchema),
        InsightBatch: { type: 'object', properties: { insights: { type: 'array', items: ref('InsightInput'), minItems: 1, maxItems: MAX_BATCH } }, required: ['insights'] },
        Insight: {
          type: 'object',
          description: 'A feed item.',
          properties: {
            id: { type: 'string', format: 'uuid' },
            title: { type: 'string' },
            body: { type: 'string' },
            type: { type: 'string', enum: [...INSIGHT_TYPES] },
            source: { type: 'string', enum: [...INSIGHT_SOURCES] },
            status: { type: 'string', enum: [...INSIGHT_STATUSES] },
            topics: { type: 'array', items: { type: 'string' } },
            createdAt: { type: 'string', format: 'date-time' },
          },
          additionalProperties: true,
        },
        NewMap: jsonSchema(newMapSchema),
        MapSummary: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string' },
            template: { type: 'string' },
            doc: { type: 'string', description: 'The live document the editor syncs.' },
            stages: { type: 'integer' },
            segments: { type: 'integer' },
            placements: { type: 'integer' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        MapDetail: { type: 'object', description: 'The map, its stages and segments in order, and its placements with their touchpoints.', additionalProperties: true },
        Error: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' } }, required: ['error', 'code'] },
        ValidationError: {
          type: 'object',
          properties: {
            error: { type: 'string' },
            code: { const: 'invalid' },
            fieldErrors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          },
          required: ['error', 'code', 'fieldErrors'],
        },
      },
    },
  }
}
