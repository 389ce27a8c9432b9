import { NextResponse } from 'next/server'
import { idempotencyKeyOf, idempotent, requestHashOf } from '@/lib/api-keys/idempotency'
import { ValidationError } from '@/lib/errors'
import { v1Member } from '@/lib/http/api-auth'
import { readBodyText, route } from '@/lib/http/route'
import { parseInput } from '@/lib/http/validation'
import { createInsights, insertInsights, type InsightAuthor } from '@/lib/insights/create'
import { feedQuerySchema, listFeed, searchParamsObject } from '@/lib/insights/feed'
import { signal } from '@/lib/live/signals'
import { insightInputSchema, type InsightInput } from '@/lib/insights/model'
import { insightBatchSchema } from '@/lib/openapi/v1'
import { dispatch, type QueuedDeliveries } from '@/lib/webhooks/emit'

/** GET /api/v1/insights: the workspace's insight feed, newest first, with filters and a cursor (API key, or signed in with ?workspace=<id>). */
export const GET = route({ access: 'user', apiKey: true }, async (args) => {
  const member = await v1Member(args, 'maps.read')
  const { filters, page } = parseInput(feedQuerySchema, searchParamsObject(args.req.nextUrl.searchParams))
  return listFeed({ workspaceId: member.workspaceId, userId: member.userId }, filters, page)
})

/**
 * POST /api/v1/insights: one insight (the object itself) or a batch
 * (`{ "insights": [ … ] }`, 1 to 500), all or nothing. 201 with
 * `{ insight }` or `{ insights }` (ids and creation times, in the order sent).
 * With an API key, an `Idempotency-Key` header makes a retry replay the first
 * answer (header `Idempotent-Replayed: true`) instead of creating again.
 */
export const POST = route({ access: 'user', apiKey: true }, async (args) => {
  const member = await v1Member(args, 'insights.create')
  const apiKeyId = args.apiKey?.apiKeyId
  const key = apiKeyId ? idempotencyKeyOf(args.req.headers) : null
  const text = await readBodyText(args.req)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ValidationError({ _: ['The body must be JSON: one insight, or { "insights": [ … ] }'] })
  }
  const batch = Boolean(json && typeof json === 'object' && !Array.isArray(json) && 'insights' in json)
  const inputs: InsightInput[] = batch ? parseInput(insightBatchSchema, json).insights : [parseInput(insightInputSchema, json)]
  const author: InsightAuthor = { workspaceId: member.workspaceId, userId: apiKeyId ? null : member.userId, ...(apiKeyId ? { apiKeyId } : {}) }
  const answer = (created: { id: string; createdAt: string }[]) => (batch ? { insights: created } : { insight: created[0] })
  // createInsights' field errors for a batch name the index ("3.touchpointIds"); here they are under "insights".
  const renamed = (err: unknown) =>
    batch && err instanceof ValidationError
      ? new ValidationError(Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [/^\d/.test(k) ? `insights.${k}` : k, v])), err.message)
      : err

  if (!key || !apiKeyId) {
    const created = await createInsights(author, inputs, 'api').catch((err: unknown) => {
      throw renamed(err)
    })
    return NextResponse.json(answer(created), { status: 201, headers: { 'cache-control': 'no-store' } })
  }
  const outbox: QueuedDeliveries[] = []
  const result = await idempotent({ workspaceId: member.workspaceId, apiKeyId }, key, requestHashOf('POST', '/api/v1/insights', json), async (tx) => {
    const created = await insertInsights(tx, author, inputs, 'api', outbox).catch((err: unknown) => {
      throw renamed(err)
    })
    return { status: 201, body: answer(created) }
  })
  if (!result.replayed) {
    signal(member.workspaceId, 'insights')
    await dispatch(outbox)
  }
  return NextResponse.json(result.body, {
    status: result.status,
    headers: { 'cache-control': 'no-store', ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) },
  })
})
