import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { Icon } from '@/components/shell/icons'
import { buttonClass } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { evaluationsFor } from '@/lib/evaluation/evaluation'
import { myTouchpoints } from '@/lib/ownership/queries'
import { myAuditTasks } from '@/lib/audits/queries'

export const metadata: Metadata = { title: 'My touchpoints' }

/** What the member owns (as a person and through their department), what needs attention first. */
export default async function MyTouchpointsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/my`)
  const [list, reviews] = await Promise.all([myTouchpoints(member), myAuditTasks(member)])
  const [t, ta, tc, format, scores] = await Promise.all([
    getTranslations('ownership.my'),
    getTranslations('audits'),
    getTranslations('catalog'),
    getFormatter(),
    list.length ? evaluationsFor(member.workspaceId, member.userId, list.map((x) => x.id)) : Promise.resolve(new Map()),
  ])
  const base = `/w/${member.workspaceSlug}`
  const now = new Date()
  const due = list.filter((x) => x.reviewDue && x.status === 'active').length

  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['ownership', 'insights', 'scores', 'audits']} />
      <PageHeader title={t('title')} description={t('lead')} />
      {reviews.length > 0 && (
        <section aria-labelledby="my-reviews" className="mb-6 rounded-lg border border-violet-200 bg-violet-50/50 p-5">
          <h2 id="my-reviews" className="text-base font-semibold text-slate-900">
            {ta('my.title')}
          </h2>
          <p className="text-sm text-slate-600">{ta('my.lead')}</p>
          <ul className="mt-3 divide-y divide-violet-100" data-testid="my-reviews">
            {reviews.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <Link href={`${base}/audits/${r.campaignId}?task=${r.id}`} className="font-medium text-indigo-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                  {r.touchpointName}
                </Link>
                <span className="text-sm text-slate-600">
                  {r.campaignName} · {ta('my.due', { date: format.dateTime(new Date(r.dueAt), 'date') })}
                </span>
                <span className="rounded bg-white px-1.5 py-0.5 text-xs font-semibold text-slate-800 ring-1 ring-slate-200">{ta(`status.${r.status}`)}</span>
                {r.overdue && <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">{ta('campaign.overdueBadge')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {list.length === 0 ? (
        <EmptyState
          title={t('emptyTitle')}
          body={t('emptyBody')}
          icon={<Icon name="target" className="h-10 w-10" />}
          action={
            <Link href={`${base}/touchpoints?owner=unowned&status=active`} className={buttonClass('secondary')}>
              {t('emptyUnowned')}
            </Link>
          }
        />
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600" data-testid="my-count">
            {t('count', { count: list.length, due })}
          </p>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2.5">{t('name')}</th>
                  <th scope="col" className="px-4 py-2.5">{t('via')}</th>
                  <th scope="col" className="px-4 py-2.5 text-right">{t('openInsights')}</th>
                  <th scope="col" className="px-4 py-2.5 text-right">{t('score')}</th>
                  <th scope="col" className="px-4 py-2.5">{t('review')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.map((x) => {
                  const s = scores.get(x.id)
                  return (
                    <tr key={x.id} className={x.status === 'retired' ? 'text-slate-500' : ''}>
                      <th scope="row" className="px-4 py-2.5 font-medium">
                        <Link href={`${base}/touchpoints/${encodeURIComponent(x.id)}`} className="text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                          {x.name}
                        </Link>
                        <span className="ml-2 text-xs font-normal text-slate-500">
                          {tc.has(`kinds.${x.kind}`) ? tc(`kinds.${x.kind}` as 'kinds.human') : x.kind}
                          {x.status === 'retired' && ` · ${t('retired')}`}
                        </span>
                      </th>
                      <td className="px-4 py-2.5 text-slate-700">
                        {x.via === 'person'
                          ? t('viaPerson')
                          : x.via === 'department'
                            ? t('viaDepartment', { department: x.departmentName ?? '' })
                            : t('viaBoth', { department: x.departmentName ?? '' })}
                      </td>
                      <td className="px-4 py-2.5 text-right tabular-nums">
                        {x.openInsights > 0 ? <span className="rounded-full bg-amber-100 px-2 py-0.5 font-semibold text-amber-900">{x.openInsights}</span> : <span className="text-slate-500">0</span>}
                      </td>
                      <td className="px-4 py-2.5 text-right tabular-nums text-slate-700">
                        {s?.mean != null ? `${s.mean.toFixed(1)} / 5` : <span className="text-slate-500">{t('noScore')}</span>}
                      </td>
                      <td className="px-4 py-2.5">
                        <span className={x.reviewDue && x.status === 'active' ? 'font-medium text-amber-800' : 'text-slate-700'}>
                          {x.reviewedAt ? t('reviewedAgo', { when: format.relativeTime(new Date(x.reviewedAt), now) }) : t('never')}
                        </span>
                        {x.reviewDue && x.status === 'active' && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold uppercase text-amber-900">{t('due')}</span>}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  )
}
