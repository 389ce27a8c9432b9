import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { AppError } from '@/lib/errors'
import { listDeliveries, listEndpoints } from '@/lib/webhooks/endpoints'
import { redeliverAction } from '../actions'

export const metadata: Metadata = { title: 'Webhook deliveries' }

const STATUS_STYLE: Record<string, string> = {
  delivered: 'bg-emerald-100 text-emerald-900',
  pending: 'bg-sky-100 text-sky-900',
  failed: 'bg-red-100 text-red-900',
  skipped: 'bg-slate-200 text-slate-800',
}

/** One endpoint's delivery log, newest first: status, attempts, the answer's code and first 1 KB, and "send again". */
export default async function WebhookLogPage({ params, searchParams }: { params: Promise<{ slug: string; webhookId: string }>; searchParams: Promise<{ before?: string }> }) {
  const { slug, webhookId } = await params
  const { before } = await searchParams
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/webhooks/${webhookId}`)
  if (!can(member, 'webhooks.manage')) notFound()
  const endpoint = (await listEndpoints(member)).find((e) => e.id === webhookId)
  if (!endpoint) notFound()
  let page: Awaited<ReturnType<typeof listDeliveries>>
  try {
    page = await listDeliveries(member, webhookId, before ?? null)
  } catch (e) {
    if (e instanceof AppError && e.status < 500) notFound()
    throw e
  }
  const [t, format] = await Promise.all([getTranslations('webhooks'), getFormatter()])
  const base = `/w/${member.workspaceSlug}/settings/webhooks`
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), 'dateTime') : '–')
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['webhooks']} />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={base} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {t('back')}
        </Link>
      </nav>
      <Card title={t('logTitle')} description={endpoint.url} id="webhook-log">
        {page.deliveries.length === 0 ? (
          <p className="text-sm text-slate-600">{t('logEmpty')}</p>
        ) : (
          <div className="relative overflow-x-auto" tabIndex={0} aria-label={t('logTitle')}>
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="text-slate-700">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-2 pr-3 font-medium">{t('colEvent')}</th>
                  <th scope="col" className="py-2 pr-3 font-medium">{t('colStatus')}</th>
                  <th scope="col" className="py-2 pr-3 font-medium">{t('colAnswer')}</th>
                  <th scope="col" className="py-2 pr-3 font-medium">{t('colWhen')}</th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">{t('colActions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.deliveries.map((d) => (
                  <tr key={d.id} data-testid="delivery" data-status={d.status} className="align-top">
                    <td className="py-2 pr-3">
                      <code className="text-xs">{d.type}</code>
                      <div className="text-xs text-slate-500 break-all">{d.eventId}</div>
                    </td>
                    <td className="py-2 pr-3">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[d.status]}`}>{t(`status.${d.status}`)}</span>
                      <div className="mt-1 text-xs text-slate-600">{t('attempts', { count: d.attempts })}</div>
                    </td>
                    <td className="max-w-xs py-2 pr-3">
                      {d.responseCode !== null && <div className="font-medium">HTTP {d.responseCode}</div>}
                      {d.responseExcerpt && <div className="text-xs break-words text-slate-600" data-testid="delivery-answer">{d.responseExcerpt.slice(0, 300)}</div>}
                    </td>
                    <td className="py-2 pr-3 text-xs text-slate-600">
                      <div>{t('created', { when: when(d.createdAt) })}</div>
                      {d.lastAttemptAt && <div>{t('lastAttempt', { when: when(d.lastAttemptAt) })}</div>}
                    </td>
                    <td className="py-2">
                      {d.status !== 'pending' && !endpoint.pausedAt && (
                        <ActionForm action={redeliverAction} hidden={{ workspaceId: member.workspaceId, deliveryId: d.id }} className="">
                          <SubmitButton variant="secondary" pendingLabel={t('redelivering')}>
                            {t('redeliver')} <span className="sr-only">{d.eventId}</span>
                          </SubmitButton>
                        </ActionForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.next && (
          <Link href={`${base}/${webhookId}?before=${encodeURIComponent(page.next)}`} className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">
            {t('older')}
          </Link>
        )}
      </Card>
    </>
  )
}
