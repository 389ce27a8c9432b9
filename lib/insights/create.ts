/**
 * Writes insights: the one write path for the form, the CSV import and the
 * API. Callers check permissions (form: 'insights.create'; API: the key);
 * this checks that every linked touchpoint and segment exists in the
 * workspace's read model and writes everything in ONE transaction with
 * multi-row inserts, then tells open feeds.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { insightSegments, insights, insightTouchpoints } from '@/db/schema'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError, type FieldErrors } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { dispatch, emitEvents, type QueuedDeliveries } from '@/lib/webhooks/emit'
import type { WebhookEvent } from '@/lib/webhooks/events'
import type { InsightInput, InsightVia } from './model'

export type InsightAuthor = { workspaceId: string; userId: string | null; apiKeyId?: string }

/** Rows per INSERT statement (PostgreSQL allows 65,535 bound parameters per statement). */
const CHUNK = 2_000

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/**
 * Which of `ids` are touchpoints of the workspace (read model), and which of
 * `segments` are segments of its maps. One query each, whatever the count.
 */
export async function existingLinks(tx: Tx, workspaceId: string, touchpointIds: string[], segments: { mapId: string; segmentId: string }[]) {
  const tps = new Set<string>()
  const segs = new Set<string>()
  if (touchpointIds.length) {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(
        sql`select id from touchpoints where workspace_id = ${workspaceId} and id = any(${sql.param(touchpointIds)}::text[])`,
      ),
    )
    for (const r of rows) tps.add(r.id)
  }
  if (segments.length) {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
    const valid = segments.filter((s) => UUID.test(s.mapId))
    if (valid.length) {
      const rows = rowsOf<{ map_id: string; id: string }>(
        await tx.execute(
          sql`select s.map_id, s.id from map_segments s
              join unnest(${sql.param(valid.map((s) => s.mapId))}::uuid[], ${sql.param(valid.map((s) => s.segmentId))}::text[]) as want(map_id, id)
                on s.map_id = want.map_id and s.id = want.id
              where s.workspace_id = ${workspaceId}`,
        ),
      )
      for (const r of rows) segs.add(`${r.map_id}|${r.id}`)
    }
  }
  return { touchpoints: tps, segments: segs }
}

/**
 * Creates insights (already parsed with insightInputSchema). Throws a
 * ValidationError naming the field (`touchpointIds`, `segments`; for a batch
 * of several, `<index>.touchpointIds`) when a link points at nothing in this
 * workspace; nothing is written then.
 */
export async function createInsights(author: InsightAuthor, inputs: InsightInput[], via: InsightVia): Promise<{ id: string; createdAt: string }[]> {
  if (inputs.length === 0) return []
  const outbox: QueuedDeliveries[] = []
  const result = await inWorkspace(author.workspaceId, author.userId, (tx) => insertInsights(tx, author, inputs, via, outbox))
  signal(author.workspaceId, 'insights')
  await dispatch(outbox)
  return result
}

/**
 * createInsights inside the caller's open workspace transaction (e.g. with an
 * idempotency record written in the same transaction). Sends no signal and
 * queues no webhook: after its commit the caller calls
 * `signal(workspaceId, 'insights')` and `dispatch(outbox)`.
 */
export async function insertInsights(
  tx: Tx,
  author: InsightAuthor,
  inputs: InsightInput[],
  via: InsightVia,
  outbox: QueuedDeliveries[] = [],
): Promise<{ id: string; createdAt: string }[]> {
  if (inputs.length === 0) return []
  const ws = author.workspaceId
  const allTps = [...new Set(inputs.flatMap((i) => i.touchpointIds))]
  const allSegs = inputs.flatMap((i) => i.segments)
  const found = await existingLinks(tx, ws, allTps, allSegs)
  const errors: FieldErrors = {}
  const prefix = (i: number) => (inputs.length > 1 ? `${i}.` : '')
  inputs.forEach((input, i) => {
    const missingTps = input.touchpointIds.filter((id) => !found.touchpoints.has(id))
    if (missingTps.length) {
      errors[`${prefix(i)}touchpointIds`] = [
        `${missingTps.length === 1 ? 'This touchpoint does not exist' : 'These touchpoints do not exist'} in this workspace: ${missingTps.slice(0, 5).join(', ')}${missingTps.length > 5 ? ', …' : ''}`,
      ]
    }
    const missingSegs = input.segments.filter((s) => !found.segments.has(`${s.mapId}|${s.segmentId}`))
    if (missingSegs.length) {
      errors[`${prefix(i)}segments`] = [
        `${missingSegs.length === 1 ? 'This segment does not exist' : 'These segments do not exist'} in this workspace: ${missingSegs
          .slice(0, 5)
          .map((s) => `${s.segmentId} (map ${s.mapId})`)
          .join(', ')}`,
      ]
    }
  })
  if (Object.keys(errors).length) throw new ValidationError(errors, inputs.length > 1 ? 'Some insights link to touchpoints or segments that do not exist' : 'Some links need attention')

  const rows = inputs.map((input) => ({
    id: randomUUID(),
    workspaceId: ws,
    title: input.title,
    body: input.body,
    type: input.type,
    source: input.source,
    sourceUrl: input.sourceUrl ?? null,
    sentiment: input.sentiment,
    observedOn: input.observedOn ?? null,
    topics: input.topics,
    authorId: author.userId,
    via,
    apiKeyId: author.apiKeyId ?? null,
  }))
  const created = new Map<string, string>()
  for (const part of chunks(rows, 1_000)) {
    const back = await tx.insert(insights).values(part).returning({ id: insights.id, createdAt: insights.createdAt })
    for (const r of back) created.set(r.id, r.createdAt.toISOString())
  }
  const links = inputs.flatMap((input, i) => input.touchpointIds.map((touchpointId) => ({ workspaceId: ws, insightId: rows[i]!.id, touchpointId })))
  for (const part of chunks(links, 5_000)) await tx.insert(insightTouchpoints).values(part)
  const segs = inputs.flatMap((input, i) => input.segments.map((s) => ({ workspaceId: ws, insightId: rows[i]!.id, mapId: s.mapId, segmentId: s.segmentId })))
  for (const part of chunks(segs, 5_000)) await tx.insert(insightSegments).values(part)
  const events: WebhookEvent[] = inputs.map((input, i) => ({
    type: 'insight.created',
    data: {
      insight: {
        id: rows[i]!.id,
        title: input.title,
        type: input.type,
        source: input.source,
        sentiment: input.sentiment,
        observedOn: input.observedOn ?? null,
        touchpointIds: input.touchpointIds,
        topics: input.topics,
        via,
        createdAt: created.get(rows[i]!.id)!,
      },
    },
  }))
  outbox.push(await emitEvents(tx, ws, events))
  return rows.map((r) => ({ id: r.id, createdAt: created.get(r.id)! }))
}
