/**
 * The v1 API's data paths (KPIs, touchpoints) and the webhooks Touchmap
 * sends, for the OpenAPI document (document.ts merges them in).
 */
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_HOURS } from '@/lib/api-keys/idempotency'
import { API_PAGE_MAX } from '@/lib/metrics/read'
import { DIRECTIONS, METRIC_LIMITS, METRIC_STATUSES } from '@/lib/metrics/model'
import { WEBHOOK_EVENTS, WEBHOOK_PAYLOAD_VERSION } from '@/lib/webhooks/events'
import { REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER } from '@/lib/webhooks/signature'

type Json = Record<string, unknown>
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const q = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema })
const page = [
  q('cursor', 'The `nextCursor` of the previous page (keyset pagination: stable while data arrives).'),
  q('limit', `Items per page, 1 to ${API_PAGE_MAX} (default 100).`, { type: 'integer', minimum: 1, maximum: API_PAGE_MAX, default: 100 }),
]
const listOf = (key: string, item: Json) => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
  required: [key, 'nextCursor'],
})
const std = (extra: Json) => ({
  '401': { $ref: '#/components/responses/Unauthorized' },
  '404': { $ref: '#/components/responses/NotFound' },
  '422': { $ref: '#/components/responses/Invalid' },
  '429': { $ref: '#/components/responses/RateLimited' },
  ...extra,
})

export function dataPaths(workspaceParam: Json): Json {
  return {
    '/api/v1/touchpoints': {
      get: {
        tags: ['Touchpoints'],
        operationId: 'listTouchpoints',
        summary: 'The touchpoint catalog, by id',
        parameters: [workspaceParam, q('status', 'Only active or only retired touchpoints.', { type: 'string', enum: ['active', 'retired'] }), ...page],
        responses: std({ '200': { description: 'One page.', content: { 'application/json': { schema: listOf('touchpoints', ref('Touchpoint')) } } } }),
      },
    },
    '/api/v1/metrics': {
      get: {
        tags: ['KPIs'],
        operationId: 'listMetrics',
        summary: "The workspace's KPI definitions, by id",
        parameters: [workspaceParam, ...page],
        responses: std({ '200': { description: 'One page.', content: { 'application/json': { schema: listOf('metrics', ref('Metric')) } } } }),
      },
    },
    '/api/v1/metrics/values': {
      get: {
        tags: ['KPIs'],
        operationId: 'listMetricValues',
        summary: 'Recorded KPI values, in the order they were first recorded',
        parameters: [
          workspaceParam,
          q('metricId', 'Only this metric.', { type: 'string', format: 'uuid' }),
          q('touchpointId', 'Only this touchpoint.'),
          q('from', 'Only periods starting at or after this time (ISO 8601).', { type: 'string', format: 'date-time' }),
          q('to', 'Only periods starting before this time (ISO 8601).', { type: 'string', format: 'date-time' }),
          ...page,
        ],
        responses: std({ '200': { description: 'One page.', content: { 'application/json': { schema: listOf('values', ref('MetricValue')) } } } }),
      },
      post: {
        tags: ['KPIs'],
        operationId: 'recordMetricValues',
        summary: `Record up to ${METRIC_LIMITS.batch} KPI values`,
        description:
          `The body is \`{ "values": [ … ] }\` with 1 to ${METRIC_LIMITS.batch} values, all or nothing: every value is checked (a finite number; the period ends at or after it starts; ` +
          "the metric and touchpoint exist in the workspace; the touchpoint is not retired; `unit`, when sent, is the metric's) and one bad value records none, " +
          'each error named by its index (`values.3.value`). A value for a metric, touchpoint, segment and period already recorded replaces it. ' +
          'Recording attaches the metric to the touchpoint. A value that moves its series across a threshold emits the `metric.threshold.crossed` webhook. ' +
          `With an API key, an \`${IDEMPOTENCY_HEADER}\` header makes a retry record nothing twice (the answer is kept ${IDEMPOTENCY_TTL_HOURS} hours).`,
        parameters: [workspaceParam, { name: IDEMPOTENCY_HEADER, in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 } }],
        requestBody: {
          required: true,
          description: 'At most 1 MB.',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { values: { type: 'array', items: ref('MetricValueInput'), minItems: 1, maxItems: METRIC_LIMITS.batch } }, required: ['values'] },
            },
          },
        },
        responses: std({
          '201': {
            description: 'Recorded: how many, how many were new and how many replaced a value of the same period, and how many threshold crossings they caused.',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { recorded: { type: 'integer' }, created: { type: 'integer' }, replaced: { type: 'integer' }, crossings: { type: 'integer' } }, required: ['recorded', 'created', 'replaced', 'crossings'] },
              },
            },
          },
          '403': { $ref: '#/components/responses/Forbidden' },
          '413': { description: 'The body is over 1 MB.' },
        }),
      },
    },
  }
}

export const dataSchemas: Json = {
  Touchpoint: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      ownership: { type: 'string' },
      control: { type: 'string' },
      channel: { type: 'string' },
      status: { type: 'string', enum: ['active', 'retired'] },
      description: { type: 'string' },
      ownerUserId: { type: ['string', 'null'] },
      ownerDepartmentId: { type: ['string', 'null'] },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  Metric: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      unit: { type: 'string' },
      direction: { type: 'string', enum: [...DIRECTIONS], description: 'Whether higher or lower values are better.' },
      target: { type: 'number', description: 'Meeting it is green.' },
      alertAt: { type: ['number', 'null'], description: 'At or past it is red; between it and the target amber. Null: amber within 10% of the target.' },
      preset: { type: ['string', 'null'] },
      description: { type: 'string' },
    },
  },
  MetricValueInput: {
    type: 'object',
    properties: {
      metricId: { type: 'string', format: 'uuid' },
      touchpointId: { type: 'string' },
      value: { type: 'number', description: 'A finite number (a numeric string is accepted; NaN and infinities are refused).' },
      periodStart: { type: 'string', description: 'A date (2026-03-01) or a time (2026-03-01T08:00:00Z); UTC without a zone.' },
      periodEnd: { type: 'string', description: 'At or after periodStart; equal for a point in time.' },
      unit: { type: 'string', description: "Optional: refused unless it is the metric's unit." },
      segment: { type: 'string', maxLength: METRIC_LIMITS.segment, description: 'A customer segment; empty or absent for all customers.' },
      source: { type: 'string', maxLength: METRIC_LIMITS.source, description: 'Where it came from (default `api`).' },
    },
    required: ['metricId', 'touchpointId', 'value', 'periodStart', 'periodEnd'],
  },
  MetricValue: {
    type: 'object',
    properties: {
      metricId: { type: 'string', format: 'uuid' },
      touchpointId: { type: 'string' },
      periodStart: { type: 'string', format: 'date-time' },
      periodEnd: { type: 'string', format: 'date-time' },
      segment: { type: 'string' },
      value: { type: 'number' },
      source: { type: 'string' },
      recordedAt: { type: 'string', format: 'date-time' },
    },
  },
  WebhookEvent: {
    type: 'object',
    description:
      `POSTed to each endpoint that takes the type, with the headers \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint's secret>\`, ` +
      `\`Touchmap-Event\`, \`Touchmap-Event-Id\` and \`Touchmap-Delivery\`. Refuse timestamps more than ${REPLAY_WINDOW_SECONDS / 60} minutes from your clock. ` +
      'A 2xx answer within 5 s delivers it; anything else is retried with doubling delays for about a day. Retries and redeliveries keep the event id.',
    properties: {
      version: { const: WEBHOOK_PAYLOAD_VERSION },
      id: { type: 'string', format: 'uuid' },
      type: { type: 'string', enum: [...WEBHOOK_EVENTS] },
      created: { type: 'string', format: 'date-time' },
      workspace: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
      data: { type: 'object', description: 'The event: e.g. for metric.threshold.crossed `{ metric, touchpoint, segment, from: { status, value, … }, to: { … } }`.', additionalProperties: true },
    },
    required: ['version', 'id', 'type', 'created', 'workspace', 'data'],
  },
  MetricStatus: { type: 'string', enum: [...METRIC_STATUSES] },
}

/** OpenAPI 3.1 `webhooks`: one entry per event type, all with the same body. */
export function webhookDescriptions(): Json {
  return Object.fromEntries(
    WEBHOOK_EVENTS.map((e) => [
      e,
      {
        post: {
          tags: ['Webhooks'],
          summary: `Touchmap sends ${e}`,
          requestBody: { content: { 'application/json': { schema: ref('WebhookEvent') } } },
          responses: { '2XX': { description: 'Delivered.' } },
        },
      },
    ]),
  )
}
