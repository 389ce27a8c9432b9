/** A touchpoint's insights over time, for its page. */
import { sql } from 'drizzle-orm'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import type { FeedScope } from './feed'

export type MonthCount = { month: string; total: number; negative: number; positive: number }

/** Insights linked to the touchpoint per month (by date observed, else date added), the last `months` months, oldest first; and the total. */
export async function touchpointInsightMonths(scope: FeedScope, touchpointId: string, months = 12): Promise<{ months: MonthCount[]; total: number }> {
  return inWorkspace(scope.workspaceId, scope.userId, async (tx) => {
    const rows = rowsOf<MonthCount & { all: number }>(
      await tx.execute(sql`
        with linked as (
          select coalesce(i.observed_on, (i.created_at at time zone 'UTC')::date) as day, i.sentiment
          from insight_touchpoints it join insights i on i.id = it.insight_id and i.workspace_id = it.workspace_id
          where it.workspace_id = ${scope.workspaceId} and it.touchpoint_id = ${touchpointId} and i.merged_into is null
        ),
        span as (select to_char(m, 'YYYY-MM') as month from generate_series(date_trunc('month', now()) - make_interval(months => ${months - 1}), date_trunc('month', now()), interval '1 month') m)
        select s.month,
               count(l.day)::int as total,
               count(l.day) filter (where l.sentiment = 'negative')::int as negative,
               count(l.day) filter (where l.sentiment = 'positive')::int as positive,
               (select count(*)::int from linked) as "all"
        from span s left join linked l on to_char(l.day, 'YYYY-MM') = s.month
        group by s.month order by s.month`),
    )
    return { months: rows.map(({ month, total, negative, positive }) => ({ month, total, negative, positive })), total: rows[0]?.all ?? 0 }
  })
}
