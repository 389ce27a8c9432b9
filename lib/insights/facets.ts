/** What the feed's filters, the add form and the triage panel offer to choose from. */
import { sql } from 'drizzle-orm'
import type { MemberContext } from '@/lib/auth/membership'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'

export type FeedFacets = {
  members: { id: string; name: string }[]
  departments: { id: string; name: string }[]
  segments: { mapId: string; mapName: string; segmentId: string; name: string }[]
  /** The most used topics of the latest insights. */
  topics: string[]
  /** How many touchpoints the catalog has (pickers search it through the catalog route). */
  touchpoints: number
  /** How many insights the workspace has (0: the teaching empty state). */
  insights: number
}

export async function feedFacets(ctx: MemberContext): Promise<FeedFacets> {
  const ws = ctx.workspaceId
  return inWorkspace(ws, ctx.userId, async (tx) => {
    const members = rowsOf<{ id: string; name: string }>(
      await tx.execute(sql`select u.id, coalesce(nullif(u.name, ''), u.email) as name from memberships m join users u on u.id = m.user_id
        where m.workspace_id = ${ws} order by lower(coalesce(nullif(u.name, ''), u.email))`),
    )
    const departments = rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from departments where workspace_id = ${ws} order by lower(name)`))
    const segments = rowsOf<{ mapId: string; mapName: string; segmentId: string; name: string }>(
      await tx.execute(sql`select s.map_id as "mapId", m.name as "mapName", s.id as "segmentId", s.name from map_segments s join maps m on m.id = s.map_id
        where s.workspace_id = ${ws} order by lower(m.name), s.position`),
    )
    const topics = rowsOf<{ topic: string }>(
      await tx.execute(sql`select t as topic from (select topics from insights where workspace_id = ${ws} order by created_at desc nulls last, id desc nulls last limit 2000) r,
        unnest(r.topics) t group by t order by count(*) desc, t limit 60`),
    ).map((r) => r.topic)
    const [counts] = rowsOf<{ tps: number; ins: number }>(
      await tx.execute(sql`select (select count(*)::int from touchpoints where workspace_id = ${ws}) as tps,
        (select count(*)::int from (select 1 from insights where workspace_id = ${ws} limit 1) x) as ins`),
    )
    return { members, departments, segments, topics: topics.sort(), touchpoints: counts?.tps ?? 0, insights: counts?.ins ?? 0 }
  })
}
