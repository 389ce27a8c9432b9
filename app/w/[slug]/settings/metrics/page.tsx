import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { MetricForm } from '@/components/metrics/metric-form'
import { ValuesImport } from '@/components/metrics/values-import'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listMetrics } from '@/lib/metrics/metrics'
import { createMetricAction, deleteMetricAction, updateMetricAction } from './actions'

export const metadata: Metadata = { title: 'KPIs' }

/** The workspace's KPI definitions: every member reads them; managers and up define, change and delete them. */
export default async function MetricsSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/metrics`)
  const [t, metrics] = await Promise.all([getTranslations('metrics'), listMetrics(member)])
  const manage = can(member, 'metrics.manage')
  const number = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 4 })
  return (
    <>
      <Card title={t('title')} description={t('lead')} id="metrics">
        {metrics.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-sm text-slate-600">
            <p className="font-medium text-slate-900">{t('emptyTitle')}</p>
            <p className="mt-1">{manage ? t('emptyBody') : t('emptyBodyReader')}</p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t('listLabel')}>
            {metrics.map((m) => (
              <li key={m.id} className="py-3">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium break-words text-slate-900">
                      {m.name} <span className="font-normal text-slate-600">({m.unit})</span>
                    </p>
                    <p className="mt-1 text-slate-700">
                      {m.direction === 'higher' ? t('summaryHigher', { target: number(m.target), unit: m.unit }) : t('summaryLower', { target: number(m.target), unit: m.unit })}
                      {m.alertAt !== null && ` · ${t('summaryAlert', { alert: number(m.alertAt), unit: m.unit })}`}
                    </p>
                    <p className="mt-0.5 text-slate-600">{t('usage', { touchpoints: m.touchpoints, values: m.values })}</p>
                  </div>
                  {manage && (
                    <ActionForm action={deleteMetricAction} hidden={{ workspaceId: member.workspaceId, metricId: m.id }} confirm={t('deleteConfirm', { name: m.name, values: m.values })} className="">
                      <SubmitButton variant="danger" pendingLabel={t('deleting')}>
                        {t('delete')} <span className="sr-only">{m.name}</span>
                      </SubmitButton>
                    </ActionForm>
                  )}
                </div>
                {manage && (
                  <details className="group mt-2">
                    <summary className="cursor-pointer text-sm font-medium text-indigo-700 hover:text-indigo-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
                      {t('edit')} <span className="sr-only">{m.name}</span>
                    </summary>
                    <div className="mt-3 rounded-md border border-slate-200 p-4">
                      <MetricForm workspaceId={member.workspaceId} action={updateMetricAction} metric={m} />
                    </div>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manage && (
        <Card title={t('createTitle')} description={t('createLead')} id="metrics-create">
          <MetricForm workspaceId={member.workspaceId} action={createMetricAction} />
        </Card>
      )}
      {metrics.length > 0 && can(member, 'metrics.record') && <ValuesImport workspaceId={member.workspaceId} />}
    </>
  )
}
