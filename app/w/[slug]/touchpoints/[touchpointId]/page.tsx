import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { CommentThread } from '@/components/comments/comment-thread'
import { ScorePanel } from '@/components/evaluation/score-panel'
import { TouchpointInsights } from '@/components/insights/touchpoint-insights'
import { KpiPanel } from '@/components/metrics/kpi-panel'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { OwnerForm } from '@/components/ownership/owner-form'
import { ReviewForm } from '@/components/ownership/review-form'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { TEXT_FIELD_LABELS, type TextField } from '@/lib/maps/model'
import { listMetrics } from '@/lib/metrics/metrics'
import { ownerOptions, touchpointDetail, type HistoryEntry, type OwnerOptions, type TouchpointDetail } from '@/lib/ownership/queries'
import { REVIEW_DUE_DAYS } from '@/lib/ownership/review'

export const metadata: Metadata = { title: 'Touchpoint' }

const ID = /^[A-Za-z0-9_-]{1,64}$/
const DETAIL_ORDER = Object.keys(TEXT_FIELD_LABELS).filter((k) => k !== 'description' && k !== 'channel') as TextField[]

/** Everything known about one touchpoint: details, owner, where it stands, insights, scores, comments and history. */
export default async function TouchpointPage({ params }: { params: Promise<{ slug: string; touchpointId: string }> }) {
  const { slug, touchpointId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/touchpoints/${touchpointId}`)
  if (!ID.test(touchpointId)) notFound()
  let tp: TouchpointDetail
  try {
    tp = await touchpointDetail(member, touchpointId)
  } catch (e) {
    if (e instanceof NotFoundError) notFound()
    throw e
  }
  const canAssign = can(member, 'touchpoints.assign')
  const options: OwnerOptions | null = canAssign ? await ownerOptions(member) : null
  const [t, tc, format, metrics] = await Promise.all([getTranslations('ownership'), getTranslations('catalog'), getFormatter(), listMetrics(member)])
  const base = `/w/${member.workspaceSlug}`
  const now = new Date()
  const reviewDue = !tp.reviewedAt || now.getTime() - Date.parse(tp.reviewedAt) > REVIEW_DUE_DAYS * 86_400_000
  const details = DETAIL_ORDER.filter((k) => (tp.details[k] ?? '').trim() !== '')
  const label = (k: string, v: string) => (tc.has(`${k}.${v}`) ? tc(`${k}.${v}` as 'kinds.human') : v)

  return (
    <div className="space-y-6">
      <LiveRefresh workspaceId={member.workspaceId} topics={['ownership', 'insights']} />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`${base}/touchpoints`} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {t('page.back')}
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold tracking-tight text-slate-900">{tp.name}</h1>
          <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span className="rounded-full bg-indigo-50 px-2.5 py-0.5 font-medium text-indigo-800">{label('kinds', tp.kind)}</span>
            <span>{label('ownerships', tp.ownership)}</span>
            <span aria-hidden="true">·</span>
            <span>{label('controls', tp.control)}</span>
            {tp.channel && (
              <>
                <span aria-hidden="true">·</span>
                <span>{tp.channel}</span>
              </>
            )}
            {tp.onsitePage && <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-slate-700">{t('page.onsite')}</span>}
            {tp.status === 'retired' && <span className="rounded-full bg-amber-100 px-2.5 py-0.5 font-medium text-amber-900">{t('page.retired')}</span>}
          </p>
        </div>
      </header>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title={t('page.details')} id="details">
            {tp.description || details.length ? (
              <dl className="space-y-4 text-sm">
                {tp.description && (
                  <div>
                    <dt className="font-medium text-slate-800">{t('page.description')}</dt>
                    <dd className="mt-1 whitespace-pre-line text-slate-700">{tp.description}</dd>
                  </div>
                )}
                {details.map((k) => (
                  <div key={k}>
                    <dt className="font-medium text-slate-800">{TEXT_FIELD_LABELS[k]}</dt>
                    <dd className="mt-1 whitespace-pre-line text-slate-700">{tp.details[k]}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-slate-600">{t('page.noDetails')}</p>
            )}
          </Card>

          <KpiPanel
            workspaceId={member.workspaceId}
            slug={member.workspaceSlug}
            touchpointId={tp.id}
            metrics={metrics}
            canRecord={can(member, 'metrics.record')}
            canDefine={can(member, 'metrics.manage')}
            retired={tp.status === 'retired'}
          />

          <TouchpointInsights workspaceId={member.workspaceId} slug={member.workspaceSlug} touchpointId={tp.id} />

          <ScorePanel workspaceId={member.workspaceId} touchpointId={tp.id} canScore={can(member, 'touchpoints.score')} />

          <Card title={t('page.placements')} description={t('page.placementsLead')} id="placements">
            {tp.placements.length ? (
              <ul className="divide-y divide-slate-100 text-sm">
                {tp.placements.map((p, i) => (
                  <li key={`${p.mapId}-${i}`} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                    <span className="text-slate-700">
                      <span className="font-medium text-slate-900">{p.mapName}</span> · {t('page.placement', { stage: p.stageName, segment: p.segmentName })}
                    </span>
                    <Link href={`${base}/maps/${p.mapId}`} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                      {t('page.openMap', { map: p.mapName })}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-600">{t('page.noPlacements')}</p>
            )}
          </Card>

          <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <CommentThread workspaceId={member.workspaceId} subjectType="touchpoint" subjectId={tp.id} canComment={can(member, 'comments.write')} />
          </div>

          <Card title={t('page.history')} id="history">
            <History entries={tp.history} now={now} />
          </Card>
        </div>

        <aside aria-label={t('page.ownerAndReview')} className="min-w-0 space-y-6">
          <Card title={t('owner.title')} description={t('owner.lead')} id="owner">
            <div className="mb-4 flex items-start gap-3" data-testid="touchpoint-owner">
              <Avatar name={tp.owner?.name ?? null} />
              <dl className="min-w-0 space-y-2 text-sm">
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('owner.person')}</dt>
                  <dd className="break-words font-medium text-slate-900 [overflow-wrap:anywhere]">
                    {tp.owner ? `${tp.owner.name}${tp.owner.id === member.userId ? ` (${t('owner.you')})` : ''}` : t('owner.nobody')}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('owner.department')}</dt>
                  <dd className="text-slate-900">{tp.department?.name ?? t('owner.nobody')}</dd>
                </div>
              </dl>
            </div>
            {!tp.owner && !tp.department && (
              <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
                {t('owner.unowned')}
              </p>
            )}
            {options ? (
              <OwnerForm
                workspaceId={member.workspaceId}
                touchpointId={tp.id}
                ownerUserId={tp.owner?.id ?? null}
                ownerDepartmentId={tp.department?.id ?? null}
                members={options.members}
                departments={options.departments}
              />
            ) : (
              <p className="text-xs text-slate-500">{t('owner.readOnly')}</p>
            )}
          </Card>

          <Card title={t('review.title')} id="review">
            <p className="text-sm text-slate-700">
              {tp.reviewedAt
                ? t('review.reviewed', { when: format.relativeTime(new Date(tp.reviewedAt), now), who: tp.reviewedByName ?? t('page.someone') })
                : t('review.never')}
            </p>
            <p className={`mt-2 text-sm ${reviewDue ? 'text-amber-800' : 'text-emerald-800'}`}>{reviewDue ? t('review.due') : t('review.ok')}</p>
            <div className="mt-4">
              {tp.mine || canAssign ? <ReviewForm workspaceId={member.workspaceId} touchpointId={tp.id} /> : <p className="text-xs text-slate-500">{t('review.ownerOnly')}</p>}
            </div>
          </Card>
        </aside>
      </div>
    </div>
  )
}

function Avatar({ name }: { name: string | null }) {
  const initials = (name ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('')
  return (
    <span aria-hidden="true" className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${name ? 'bg-slate-700 text-white' : 'border border-dashed border-slate-300 text-slate-400'}`}>
      {initials || '?'}
    </span>
  )
}

async function History({ entries, now }: { entries: HistoryEntry[]; now: Date }) {
  const [t, format] = await Promise.all([getTranslations('ownership.page'), getFormatter()])
  if (!entries.length) return <p className="text-sm text-slate-600">{t('noHistory')}</p>
  const fieldName = (f: string) => (t.has(`fields.${f}`) ? t(`fields.${f}` as 'fields.name') : (TEXT_FIELD_LABELS[f as TextField] ?? f))
  const show = (v: string | null) => {
    const s = (v ?? '').trim()
    if (!s) return t('empty')
    return s.length > 80 ? `${s.slice(0, 79)}…` : s
  }
  return (
    <ol className="space-y-3 text-sm">
      {entries.map((h) => {
        const who = h.changedByName ?? t('someone')
        return (
          <li key={h.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <span className="text-slate-700">
              {h.field === 'created' ? t('created', { who }) : t('changed', { who, field: fieldName(h.field), from: show(h.oldValue), to: show(h.newValue) })}
            </span>
            <time dateTime={h.changedAt} title={format.dateTime(new Date(h.changedAt), 'dateTime')} className="text-xs text-slate-500">
              {format.relativeTime(new Date(h.changedAt), now)}
            </time>
          </li>
        )
      })}
    </ol>
  )
}
