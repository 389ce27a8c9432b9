import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { Card } from '@/components/ui/card'
import { CreateWebhookForm, EditWebhookForm, RotateSecretForm } from '@/components/webhooks/webhook-forms'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listEndpoints } from '@/lib/webhooks/endpoints'
import { REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER } from '@/lib/webhooks/signature'
import { createWebhookAction, deleteWebhookAction, pauseWebhookAction, rotateWebhookSecretAction, updateWebhookAction } from './actions'

export const metadata: Metadata = { title: 'Webhooks' }

/** Outgoing webhooks (owners and admins): endpoints, their health, and how to verify a delivery. */
export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/webhooks`)
  if (!can(member, 'webhooks.manage')) notFound()
  const [t, endpoints] = await Promise.all([getTranslations('webhooks'), listEndpoints(member)])
  const base = `/w/${member.workspaceSlug}/settings/webhooks`
  const verify = [
    `// ${t('verifyComment')}`,
    `const [t, v1] = header.split(',').map((p) => p.split('=')[1])`,
    `const expected = crypto.createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex')`,
    `const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= ${REPLAY_WINDOW_SECONDS}`,
    `const ok = fresh && crypto.timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(expected, 'hex'))`,
  ].join('\n')
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['webhooks']} />
      <Card title={t('title')} description={t('lead')} id="webhooks">
        {endpoints.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-sm text-slate-600">
            <p className="font-medium text-slate-900">{t('emptyTitle')}</p>
            <p className="mt-1">{t('emptyBody')}</p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t('listLabel')}>
            {endpoints.map((e) => (
              <li key={e.id} className="py-4" data-testid="webhook">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 text-sm">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-all text-slate-900">{e.url}</span>
                      {e.pausedAt ? (
                        <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t('paused')}</span>
                      ) : (
                        <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">{t('active')}</span>
                      )}
                    </p>
                    {e.description && <p className="mt-1 text-slate-700">{e.description}</p>}
                    {e.pausedReason && <p className="mt-1 text-amber-900">{e.pausedReason}</p>}
                    <p className="mt-1 text-slate-600">{e.events.join(', ')}</p>
                    <p className="mt-1 text-slate-600">{t('recent', { delivered: e.recent.delivered, failed: e.recent.failed, pending: e.recent.pending })}</p>
                    <Link href={`${base}/${e.id}`} className="mt-2 inline-block font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                      {t('logLink')} <span className="sr-only">{e.url}</span>
                    </Link>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <ActionForm action={pauseWebhookAction} hidden={{ workspaceId: member.workspaceId, webhookId: e.id, paused: e.pausedAt ? 'false' : 'true' }} className="">
                      <SubmitButton variant="secondary">{e.pausedAt ? t('resume') : t('pause')}</SubmitButton>
                    </ActionForm>
                    <RotateSecretForm workspaceId={member.workspaceId} webhookId={e.id} url={e.url} action={rotateWebhookSecretAction} />
                    <ActionForm action={deleteWebhookAction} hidden={{ workspaceId: member.workspaceId, webhookId: e.id }} confirm={t('deleteConfirm', { url: e.url })} className="">
                      <SubmitButton variant="danger" pendingLabel={t('deleting')}>
                        {t('delete')} <span className="sr-only">{e.url}</span>
                      </SubmitButton>
                    </ActionForm>
                  </div>
                </div>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700 hover:text-indigo-900 focus-visible:outline-2 focus-visible:outline-indigo-600">{t('edit')}</summary>
                  <div className="mt-3 rounded-md border border-slate-200 p-4">
                    <EditWebhookForm workspaceId={member.workspaceId} webhook={e} action={updateWebhookAction} />
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('createTitle')} description={t('createLead')} id="webhooks-create">
        <CreateWebhookForm workspaceId={member.workspaceId} action={createWebhookAction} />
      </Card>
      <Card title={t('helpTitle')} id="webhooks-help">
        <div className="space-y-3 text-sm text-slate-700">
          <p>{t('helpBody', { header: SIGNATURE_HEADER })}</p>
          <pre tabIndex={0} aria-label={t('helpExample')} className="relative overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <code>{verify}</code>
          </pre>
          <ul className="list-disc space-y-1 pl-5">
            <li>{t('helpRetries')}</li>
            <li>{t('helpDedupe')}</li>
            <li>{t('helpRules')}</li>
          </ul>
        </div>
      </Card>
    </>
  )
}
