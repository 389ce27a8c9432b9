import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { CreateKeyForm } from '@/components/api-keys/create-key-form'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { Card } from '@/components/ui/card'
import { listApiKeys } from '@/lib/api-keys/keys'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { config } from '@/lib/config'
import { createApiKeyAction, revokeApiKeyAction } from './actions'

export const metadata: Metadata = { title: 'API keys' }

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/api-keys`)
  if (!can(member, 'apikeys.manage')) notFound()
  const [t, format, keys] = await Promise.all([getTranslations('apiKeys'), getFormatter(), listApiKeys(member)])
  const base = config().appUrl
  const when = (iso: string) => format.dateTime(new Date(iso), 'dateTime')
  const who = (p: { name: string | null; email: string } | null) => (p ? (p.name ?? p.email) : t('formerMember'))
  const curlPost = [
    `curl -X POST ${base}/api/v1/insights \\`,
    `  -H "Authorization: Bearer $TOUCHMAP_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "Idempotency-Key: $(uuidgen)" \\`,
    `  -d '{"title":"Checkout asks for the address twice","type":"complaint","source":"support","topics":["checkout"]}'`,
  ].join('\n')
  const curlGet = `curl ${base}/api/v1/insights?status=new \\\n  -H "Authorization: Bearer $TOUCHMAP_API_KEY"`

  return (
    <>
      <Card title={t('title')} description={t('lead')} id="api-keys">
        {keys.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-sm text-slate-600">
            <p className="font-medium text-slate-900">{t('emptyTitle')}</p>
            <p className="mt-1">{t('emptyBody')}</p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t('listLabel')}>
            {keys.map((k) => (
              <li key={k.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className={`font-medium break-all ${k.revokedAt ? 'text-slate-500 line-through' : 'text-slate-900'}`}>{k.name}</span>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{k.prefix}…</code>
                    {k.revokedAt ? (
                      <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">{t('revoked')}</span>
                    ) : (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">{t('active')}</span>
                    )}
                  </p>
                  <p className="mt-1 text-slate-600">
                    {t('createdBy', { who: who(k.createdBy), date: when(k.createdAt) })} · {k.lastUsedAt ? t('lastUsed', { date: when(k.lastUsedAt) }) : t('neverUsed')}
                  </p>
                  {k.revokedAt && <p className="mt-0.5 text-slate-600">{t('revokedBy', { who: who(k.revokedBy), date: when(k.revokedAt) })}</p>}
                </div>
                {!k.revokedAt && (
                  <ActionForm action={revokeApiKeyAction} hidden={{ workspaceId: member.workspaceId, keyId: k.id }} confirm={t('revokeConfirm', { name: k.name })} className="">
                    <SubmitButton variant="danger" pendingLabel={t('revoking')}>
                      {t('revoke')} <span className="sr-only">{k.name}</span>
                    </SubmitButton>
                  </ActionForm>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('createTitle')} description={t('createLead')} id="api-keys-create">
        <CreateKeyForm workspaceId={member.workspaceId} action={createApiKeyAction} />
      </Card>
      <Card title={t('helpTitle')} description={t('helpLead')} id="api-keys-help">
        <div className="space-y-4 text-sm text-slate-700">
          <p>{t('helpSend')}</p>
          {/* Scrolls sideways on a narrow screen: focusable, so a keyboard can scroll it too. */}
          <pre tabIndex={0} aria-label={t('exampleSend')} className="relative overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <code>{curlPost}</code>
          </pre>
          <p>{t('helpRead')}</p>
          <pre tabIndex={0} aria-label={t('exampleRead')} className="relative overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <code>{curlGet}</code>
          </pre>
          <ul className="list-disc space-y-1 pl-5">
            <li>{t('helpBatch')}</li>
            <li>{t('helpIdempotency')}</li>
            <li>{t('helpLimits')}</li>
          </ul>
          <p>
            {t('helpDocs')}{' '}
            <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
              /api/v1/openapi.json
            </a>
          </p>
        </div>
      </Card>
    </>
  )
}
