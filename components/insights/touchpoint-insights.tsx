import { getFormatter, getTranslations } from 'next-intl/server'
import Link from 'next/link'
import { currentSession } from '@/lib/auth/current-session'
import { getMembership } from '@/lib/auth/membership'
import { listFeed } from '@/lib/insights/feed'
import { touchpointInsightMonths } from '@/lib/insights/touchpoint'
import { InsightsOverTime } from './insights-over-time'

/**
 * A touchpoint's insights over time (server component, for the touchpoint's
 * page): a chart of the last 12 months by sentiment and the latest insights,
 * with a link to the feed filtered on this touchpoint.
 */
export async function TouchpointInsights({ workspaceId, slug, touchpointId }: { workspaceId: string; slug: string; touchpointId: string }) {
  const session = await currentSession()
  const member = session ? await getMembership(session, { id: workspaceId }) : null
  if (!member) return null
  const [t, format] = await Promise.all([getTranslations('insights'), getFormatter()])
  const scope = { workspaceId, userId: member.userId }
  const [page, stats] = await Promise.all([listFeed(scope, { touchpointId }, { limit: 8 }), touchpointInsightMonths(scope, touchpointId)])
  const feedHref = `/w/${slug}/insights?touchpoint=${encodeURIComponent(touchpointId)}`
  return (
    <section aria-labelledby="tp-insights-title" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="touchpoint-insights">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="tp-insights-title" className="text-base font-semibold text-slate-900">
          {t('touchpoint.title')} <span className="text-sm font-normal text-slate-500">({stats.total})</span>
        </h2>
        {stats.total > 0 && (
          <Link href={feedHref} className="text-sm font-medium text-indigo-700 hover:underline">
            {t('touchpoint.all', { count: stats.total })}
          </Link>
        )}
      </div>
      {stats.total === 0 ? (
        <p className="mt-3 text-sm text-slate-600">
          {t('touchpoint.empty')}{' '}
          {member.permissions.has('insights.create') && (
            <Link href={`/w/${slug}/insights`} className="font-medium text-indigo-700 hover:underline">
              {t('touchpoint.addOne')}
            </Link>
          )}
        </p>
      ) : (
        <>
          <InsightsOverTime months={stats.months} />
          <ul className="mt-4 divide-y divide-slate-100">
            {page.items.map((i) => (
              <li key={i.id} className="flex flex-col gap-0.5 py-2 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-3">
                <Link href={`/w/${slug}/insights/${i.id}`} className={`min-w-0 hover:underline sm:truncate ${i.unread ? 'font-semibold text-slate-900' : 'text-slate-800'}`}>
                  {i.title}
                </Link>
                <span className="flex-none text-xs text-slate-500">
                  {t(`types.${i.type}`)} · {t(`statuses.${i.status}`)} · <time dateTime={i.createdAt}>{format.dateTime(new Date(i.createdAt), 'date')}</time>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
