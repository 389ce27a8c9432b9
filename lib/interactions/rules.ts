/**
 * Rules that map interaction types and channels to touchpoints, the types
 * no rule matches (with their volumes, across imports), one click to make a
 * touchpoint of one, and the matched volumes. Reading takes 'maps.read';
 * changing takes 'maps.edit'.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { interactionRules } from '@/db/schema'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { signal } from '@/lib/live/signals'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { matcher, regexProblem, type Rule } from './matcher'
import { kindOfChannel, type RuleInput } from './model'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type RuleView = Rule & { id: string; touchpoint: string }

export async function listRules(ctx: MemberContext): Promise<RuleView[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    rowsOf<{ id: string; field: Rule['field']; kind: Rule['kind']; pattern: string; touchpoint_id: string; touchpoint: string | null }>(
      await tx.execute(sql`
        select r.id, r.field, r.kind, r.pattern, r.touchpoint_id, t.name as touchpoint from interaction_rules r
        left join touchpoints t on t.workspace_id = r.workspace_id and t.id = r.touchpoint_id
        where r.workspace_id = ${ctx.workspaceId} order by r.created_at, r.id`),
    ).map((r) => ({ id: r.id, field: r.field, kind: r.kind, pattern: r.pattern, touchpointId: r.touchpoint_id, touchpoint: r.touchpoint ?? '(removed)' })),
  )
}

export async function addRule(ctx: MemberContext, input: RuleInput): Promise<{ id: string }> {
  assertCan(ctx, 'maps.edit')
  if (input.kind === 'regex') {
    const problem = regexProblem(input.pattern)
    if (problem) throw new ValidationError({ pattern: [problem] })
  }
  const out = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [tp] = rowsOf(await tx.execute(sql`select 1 from touchpoints where workspace_id = ${ctx.workspaceId} and id = ${input.touchpointId}`))
    if (!tp) throw new ValidationError({ touchpointId: ['There is no such touchpoint in this workspace'] })
    const [r] = await tx.insert(interactionRules).values({ workspaceId: ctx.workspaceId, ...input, createdBy: ctx.userId }).returning({ id: interactionRules.id })
    return r!
  })
  signal(ctx.workspaceId, 'interactions')
  return out
}

export async function removeRule(ctx: MemberContext, id: string): Promise<void> {
  assertCan(ctx, 'maps.edit')
  if (!UUID.test(id)) throw new NotFoundError('Rule not found')
  const n = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    (await tx.delete(interactionRules).where(and(eq(interactionRules.workspaceId, ctx.workspaceId), eq(interactionRules.id, id))).returning({ id: interactionRules.id })).length,
  )
  if (!n) throw new NotFoundError('Rule not found')
  signal(ctx.workspaceId, 'interactions')
}

export type UnmatchedType = { type: string; channel: string; count: number; kind: 'human' | 'communication' | 'physical' }

/** Interaction types no rule (or touchpoint name) matches now, with their volumes across imports: suggested new touchpoints. */
export async function unmatchedTypes(ctx: MemberContext, limit = 50): Promise<UnmatchedType[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rules = await tx.select().from(interactionRules).where(eq(interactionRules.workspaceId, ctx.workspaceId)).orderBy(asc(interactionRules.createdAt), asc(interactionRules.id))
    const names = new Map(
      rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from touchpoints where workspace_id = ${ctx.workspaceId} and status = 'active'`)).map((t) => [t.name.trim().toLowerCase(), t.id]),
    )
    const match = matcher(
      rules.map((r) => ({ field: r.field as Rule['field'], kind: r.kind as Rule['kind'], pattern: r.pattern, touchpointId: r.touchpointId })),
      names,
    )
    const rows = rowsOf<{ type: string; channel: string; count: number }>(
      await tx.execute(sql`select type, channel, sum(count)::int as count from interaction_unmatched where workspace_id = ${ctx.workspaceId} group by type, channel order by 3 desc, 1, 2 limit 2000`),
    )
    return rows.filter((r) => !match(r.type, r.channel)).slice(0, limit).map((r) => ({ ...r, kind: kindOfChannel(r.channel) }))
  })
}

/** Makes a touchpoint of an unmatched type (kind guessed from the channel) and a rule that sends that type to it. */
export async function touchpointFromType(ctx: MemberContext, input: { type: string; channel: string }): Promise<{ touchpointId: string }> {
  assertCan(ctx, 'maps.edit')
  const name = input.type.trim().slice(0, 120)
  if (!name) throw new ValidationError({ type: ['Choose an interaction type'] })
  let touchpointId = ''
  const doc = await withDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId), (d) => {
    touchpointId = addTouchpoint(d, { name, kind: kindOfChannel(input.channel), channel: input.channel.trim().slice(0, 80), description: `Identified from interaction data: “${name}” via ${input.channel}.` }, ctx.userId)
    return d
  })
  // Projected at once: the rule below checks the touchpoint in the read model.
  await projectCatalog(ctx.workspaceId, doc)
  await addRule(ctx, { field: 'type', kind: 'exact', pattern: name, touchpointId })
  return { touchpointId }
}

export type Volume = { touchpointId: string; name: string; total: number; last30: number }

/** Matched interactions per touchpoint: in all and in the last 30 days, most first. */
export async function volumesByTouchpoint(ctx: MemberContext, limit = 30): Promise<Volume[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    rowsOf<{ touchpoint_id: string; name: string; total: number; last30: number }>(
      await tx.execute(sql`
        select v.touchpoint_id, coalesce(t.name, v.touchpoint_id) as name, sum(v.count)::int as total,
               coalesce(sum(v.count) filter (where v.day >= current_date - 30), 0)::int as last30
        from interaction_volumes v left join touchpoints t on t.workspace_id = v.workspace_id and t.id = v.touchpoint_id
        where v.workspace_id = ${ctx.workspaceId} group by 1, 2 order by 3 desc, 2 limit ${limit}`),
    ).map((r) => ({ touchpointId: r.touchpoint_id, name: r.name, total: r.total, last30: r.last30 })),
  )
}
