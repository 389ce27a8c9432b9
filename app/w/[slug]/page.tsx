import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { StatCard } from '@/components/dashboard/stat-card'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { Icon } from '@/components/shell/icons'
import { buttonClass } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { TEXT_FIELD_LABELS, type TextField } from '@/lib/maps/model'
import { workspaceOverview } from '@/lib/ownership/queries'

export const metadata: Metadata = { title: 'Overview' }

/** The workspace at a glance: unowned touchpoints, mine, open insights, recent changes and the maps. */
export default async function WorkspaceOverview({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}`)
  const [o, t, tp, format] = await Promise.all([workspaceOverview(member), getTranslations('ownership.overview'), getTranslations('ownership.page'), getFormatter()])
  const base = `/w/${member.workspaceSlug}`
  const now = new Date()
  const fieldName = (f: string) => (tp.has(`fields.${f}`) ? tp(`fields.${f}` as 'fields.name') : (TEXT_FIELD_LABELS[f as TextField] ?? f))

  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['ownership', 'insights']} />
      <PageHeader title={t('title')} description={t('lead')} />
      {o.touchpoints === 0 && o.maps.length === 0 ? (
        <EmptyState
          title={t('emptyTitle')}
          body={t('emptyBody')}
          icon={<Icon name="touchpoints" className="h-10 w-10" />}
          action={
            <div className="flex flex-wrap justify-center gap-3">
              <Link href={`${base}/touchpoints`} className={buttonClass('primary')}>
                {t('emptyAction')}
              </Link>
              <Link href={`${base}/maps`} className={buttonClass('secondary')}>
                {t('createMap')}
              </Link>
            </div>
          }
        />
      ) : (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <StatCard label={t('touchpoints')} value={o.touchpoints} hint={t('touchpointsHint')} href={`${base}/touchpoints?status=active`} testId="overview-touchpoints" />
            <StatCard
              label={t('unowned')}
              value={o.unowned}
              hint={o.unowned ? t('unownedHint') : t('allOwned')}
              href={o.unowned ? `${base}/touchpoints?owner=unowned&status=active` : undefined}
              tone={o.unowned ? 'warning' : 'good'}
              testId="overview-unowned"
            />
            <StatCard label={t('mine')} value={o.mine} hint={t('mineHint')} href={`${base}/my`} testId="overview-mine" />
            <StatCard label={t('openInsights')} value={o.openInsights} hint={t('insightsLink')} href={`${base}/insights`} testId="overview-insights" />
          </div>

          <div className="grid gap-6 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <Card title={t('recent')} id="recent">
                {o.recent.length === 0 ? (
                  <p className="text-sm text-slate-600">{t('noRecent')}</p>
                ) : (
                  <ol className="divide-y divide-slate-100 text-sm">
                    {o.recent.map((r, i) => {
                      const touchpoint = (
                        <Link href={`${base}/touchpoints/${encodeURIComponent(r.touchpointId)}`} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                          {r.touchpointName}
                        </Link>
                      )
                      const who = r.changedByName ?? tp('someone')
                      return (
                        <li key={`${r.touchpointId}-${i}`} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                          <span className="text-slate-700">
                            {r.field === 'created'
                              ? t.rich('recentCreated', { who, touchpoint: () => touchpoint })
                              : t.rich('recentChanged', { who, field: fieldName(r.field).toLowerCase(), touchpoint: () => touchpoint })}
                          </span>
                          <time dateTime={r.changedAt} className="text-xs text-slate-500">
                            {format.relativeTime(new Date(r.changedAt), now)}
                          </time>
                        </li>
                      )
                    })}
                  </ol>
                )}
                {can(member, 'activity.read') && (
                  <Link href={`${base}/settings/activity`} className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                    {t('activityLog')}
                  </Link>
                )}
              </Card>
            </div>
            <Card title={t('maps')} id="maps">
              {o.maps.length === 0 ? (
                <p className="text-sm text-slate-600">{t('noMaps')}</p>
              ) : (
                <ul className="space-y-2 text-sm">
                  {o.maps.map((m) => (
                    <li key={m.id}>
                      <Link href={`${base}/maps/${m.id}`} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                        {m.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
              <Link href={`${base}/maps`} className={`${buttonClass('secondary')} mt-4`}>
                {o.maps.length ? t('allMaps') : t('createMap')}
              </Link>
            </Card>
          </div>
        </div>
      )}
    </>
  )
}
