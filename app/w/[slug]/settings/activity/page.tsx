import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { Card } from '@/components/ui/card'
import { listActivity } from '@/lib/activity/list-activity'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'

export const metadata: Metadata = { title: 'Activity' }
const PAGE = 50

export default async function ActivityPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ before?: string }> }) {
  const { slug } = await params
  const { before } = await searchParams
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/activity`)
  if (!can(member, 'activity.read')) notFound()
  const beforeId = before && /^\d{1,15}$/.test(before) ? Number(before) : undefined
  const [t, format, entries] = await Promise.all([getTranslations('settings.activity'), getFormatter(), listActivity(member, { before: beforeId, limit: PAGE })])
  return (
    <Card title={t('title')} description={t('lead')} id="activity">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {entries.map((e) => (
            <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 text-sm">
              {/* URLs and ids may be long words: they wrap anywhere rather than widen the page. */}
              <span className="min-w-0 [overflow-wrap:anywhere]">
                <span className="font-medium text-slate-900">{e.actorName ?? e.actorEmail ?? '—'}</span>{' '}
                <span className="text-slate-700">{t.has(`actions.${e.action.replace('.', '_')}`) ? t(`actions.${e.action.replace('.', '_')}` as 'actions.auth_signed_in') : e.action}</span>
                {e.subject && <span className="text-slate-900"> · {e.subject}</span>}
                {Object.keys(e.data).length > 0 && (
                  <span className="text-slate-500">
                    {' '}
                    ({Object.entries(e.data)
                      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
                      .join(', ')}
                    )
                  </span>
                )}
              </span>
              <time dateTime={e.createdAt.toISOString()} className="text-xs text-slate-500">
                {format.dateTime(e.createdAt, 'dateTime')}
              </time>
            </li>
          ))}
        </ol>
      )}
      {entries.length === PAGE && (
        <Link href={`?before=${entries.at(-1)!.id}`} className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">
          {t('more')}
        </Link>
      )}
    </Card>
  )
}
