import { NextResponse } from 'next/server'
import { idempotencyKeyOf, idempotent, requestHashOf } from '@/lib/api-keys/idempotency'
import { ValidationError } from '@/lib/errors'
import { v1Member } from '@/lib/http/api-auth'
import { readBodyText, route } from '@/lib/http/route'
import { parseInput } from '@/lib/http/validation'
import { signal } from '@/lib/live/signals'
import { metricValuesBatchSchema } from '@/lib/metrics/model'
import { apiListValues, metricValuesQuerySchema } from '@/lib/metrics/read'
import { insertValues, recordValues, type ValueAuthor } from '@/lib/metrics/values'
import { dispatch } from '@/lib/webhooks/emit'

/** 1,000 values of about 250 bytes each, with room. */
const MAX_BYTES = 1024 * 1024

/** GET /api/v1/metrics/values: recorded values, keyset-paginated (`cursor`, `limit` ≤ 1,000), filtered by `metricId`, `touchpointId`, `from`, `to` (period start). */
export const GET = route({ access: 'user', apiKey: true, query: metricValuesQuerySchema }, async (args) => {
  const member = await v1Member(args, 'maps.read')
  return apiListValues(member, args.query)
})

/**
 * POST /api/v1/metrics/values `{ "values": [ … ] }` (1 to 1,000), all or
 * nothing: 201 with `{ recorded, created, replaced, crossings }`. A value for
 * a period and segment already recorded replaces it. Field errors name the
 * value's index (`values.3.unit`). With an API key, an `Idempotency-Key`
 * header makes a retry replay the first answer.
 */
export const POST = route({ access: 'user', apiKey: true }, async (args) => {
  const member = await v1Member(args, 'metrics.record')
  const apiKeyId = args.apiKey?.apiKeyId
  const key = apiKeyId ? idempotencyKeyOf(args.req.headers) : null
  const text = await readBodyText(args.req, MAX_BYTES)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ValidationError({ _: ['The body must be JSON: { "values": [ … ] }'] })
  }
  const { values } = parseInput(metricValuesBatchSchema, json)
  const author: ValueAuthor = { workspaceId: member.workspaceId, userId: apiKeyId ? null : member.userId, ...(apiKeyId ? { apiKeyId } : {}) }
  const renamed = (err: unknown) =>
    err instanceof ValidationError ? new ValidationError(Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [`values.${/^\d/.test(k) ? k : `0.${k}`}`, v])), err.message) : err

  if (!key || !apiKeyId) {
    const result = await recordValues(author, values, 'api').catch((err: unknown) => {
      throw renamed(err)
    })
    return NextResponse.json(result, { status: 201, headers: { 'cache-control': 'no-store' } })
  }
  let queued: Awaited<ReturnType<typeof insertValues>>['queued'] | null = null
  const result = await idempotent({ workspaceId: member.workspaceId, apiKeyId }, key, requestHashOf('POST', '/api/v1/metrics/values', json), async (tx) => {
    const done = await insertValues(tx, author, values, 'api').catch((err: unknown) => {
      throw renamed(err)
    })
    queued = done.queued
    return { status: 201, body: done.result }
  })
  if (!result.replayed) {
    signal(member.workspaceId, 'metrics')
    if (queued) await dispatch(queued)
  }
  return NextResponse.json(result.body, {
    status: result.status,
    headers: { 'cache-control': 'no-store', ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) },
  })
})
