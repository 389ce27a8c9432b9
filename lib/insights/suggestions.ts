/**
 * Suggested links for an insight that arrived without touchpoints, and
 * suggested duplicates among open insights, ranked by PostgreSQL's own text
 * matching (the pg_trgm extension, on PGlite too, and the touchpoints'
 * full-text vector), not a home-made index:
 *
 *   touchpoint score = 0.7 × word_similarity(name, text)
 *                    + 0.2 × word_similarity(channel, text)
 *                    + 0.1 × min(1, 10 × ts_rank(name + channel + description, any word of the text))
 *
 * where text is the insight's title and body. `word_similarity` is the best
 * trigram match of the name against any stretch of the text, so "the support
 * hotline kept me waiting" finds "Customer service hotline". Scores under 0.3
 * are not suggested. A duplicate is an open insight (new or in review, not
 * merged) whose title's trigram similarity to this one's is at least 0.35.
 * Precision on a labelled fixture of 200 insights:
 * tests/integration/insight-suggestions.test.ts.
 */
import { sql } from 'drizzle-orm'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError } from '@/lib/errors'
import type { InsightStatus } from './model'

export const MIN_TOUCHPOINT_SCORE = 0.3
export const MIN_DUPLICATE_SIMILARITY = 0.35
const LIMIT = 5

export type SuggestedTouchpoint = { id: string; name: string; channel: string; score: number }
export type SuggestedDuplicate = { id: string; title: string; status: InsightStatus; createdAt: string; similarity: number }
export type Suggestions = { touchpoints: SuggestedTouchpoint[]; duplicates: SuggestedDuplicate[] }

/** The words of `text` as an OR full-text query ('simple' configuration, like the touchpoints' vector), or null when it has none. */
function anyWord(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].slice(0, 64)
  return words.length ? words.join(' | ') : null
}

/** Touchpoints (active, of the workspace) that `text` most likely concerns, best first. */
export async function suggestTouchpointsIn(tx: Tx, workspaceId: string, text: string, limit = LIMIT): Promise<SuggestedTouchpoint[]> {
  const body = text.slice(0, 4_000).toLowerCase()
  const words = anyWord(body)
  if (!words) return []
  const rows = rowsOf<{ id: string; name: string; channel: string; score: number }>(
    await tx.execute(sql`
      select id, name, channel, score from (
        select t.id, t.name, t.channel,
               0.7 * word_similarity(lower(t.name), ${body})
             + 0.2 * (case when t.channel = '' then 0 else word_similarity(lower(t.channel), ${body}) end)
             + 0.1 * least(1, 10 * ts_rank(t.search, to_tsquery('simple', ${words}))) as score
        from touchpoints t
        where t.workspace_id = ${workspaceId} and t.status = 'active'
      ) s
      where score >= ${MIN_TOUCHPOINT_SCORE}
      order by score desc, name, id
      limit ${limit}`),
  )
  return rows.map((r) => ({ ...r, score: Math.round(Number(r.score) * 1000) / 1000 }))
}

/** Suggestions for one insight: touchpoints when it has none linked yet, and possible duplicates among open insights. */
export async function suggestionsFor(ctx: MemberContext, insightId: string): Promise<Suggestions> {
  assertCan(ctx, 'insights.triage')
  if (!/^[0-9a-f-]{36}$/i.test(insightId)) throw new NotFoundError('Insight not found')
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [insight] = rowsOf<{ title: string; body: string; linked: number; merged_into: string | null }>(
      await tx.execute(sql`
        select i.title, i.body, i.merged_into, (select count(*)::int from insight_touchpoints l where l.insight_id = i.id) as linked
        from insights i where i.workspace_id = ${ctx.workspaceId} and i.id = ${insightId}`),
    )
    if (!insight) throw new NotFoundError('Insight not found')
    if (insight.merged_into) return { touchpoints: [], duplicates: [] }
    const touchpoints = insight.linked === 0 ? await suggestTouchpointsIn(tx, ctx.workspaceId, `${insight.title}\n${insight.body}`) : []
    const duplicates = rowsOf<{ id: string; title: string; status: InsightStatus; created_at: string; similarity: number }>(
      await tx.execute(sql`
        select id, title, status, created_at, similarity from (
          select i.id, i.title, i.status, i.created_at, similarity(lower(i.title), lower(${insight.title})) as similarity
          from insights i
          where i.workspace_id = ${ctx.workspaceId} and i.id <> ${insightId} and i.merged_into is null and i.status in ('new', 'in_review')
        ) d
        where similarity >= ${MIN_DUPLICATE_SIMILARITY}
        order by similarity desc, created_at desc
        limit ${LIMIT}`),
    )
    return {
      touchpoints,
      duplicates: duplicates.map((d) => ({ id: d.id, title: d.title, status: d.status, createdAt: new Date(d.created_at).toISOString(), similarity: Math.round(Number(d.similarity) * 1000) / 1000 })),
    }
  })
}
