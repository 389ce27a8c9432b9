import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { CheckboxField, Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { ROLE_KEYS, roleTable } from '@/lib/rbac/permissions'
import { listConnections } from '@/lib/sso/manage-connections'
import {
  addSsoDomainAction,
  createSsoConnectionAction,
  deleteSsoConnectionAction,
  removeSsoDomainAction,
  updateSsoConnectionAction,
  verifySsoDomainAction,
} from './actions'

export const metadata: Metadata = { title: 'Single sign-on' }

export default async function SsoPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/sso`)
  if (!can(member, 'sso.manage')) notFound()
  const [t, tr, tc, format, connections, ranks] = await Promise.all([
    getTranslations('settings.sso'),
    getTranslations('roles'),
    getTranslations('common'),
    getFormatter(),
    listConnections(member),
    roleTable(),
  ])
  const hidden = { workspaceId: member.workspaceId }
  const roles = ROLE_KEYS.filter((r) => r !== 'owner' && (ranks.get(r)?.rank ?? 0) <= member.rank)
  const roleOptions = roles.map((r) => (
    <option key={r} value={r}>
      {tr(r)}
    </option>
  ))
  return (
    <>
      <Card title={t('title')} description={t('lead')} id="sso">
        {connections.length === 0 && <p className="text-sm text-slate-600">{t('empty')}</p>}
        <div className="space-y-8">
          {connections.map((c) => (
            <div key={c.id} className="rounded-lg border border-slate-200 p-4">
              <ActionForm action={updateSsoConnectionAction} hidden={{ ...hidden, connectionId: c.id }} success={tc('saved')} className="grid gap-4 sm:grid-cols-2">
                <Field name="name" label={t('name')} defaultValue={c.name} required maxLength={80} />
                <Field name="issuer" label={t('issuer')} defaultValue={c.issuer} required type="url" />
                <Field name="clientId" label={t('clientId')} defaultValue={c.clientId} required autoComplete="off" />
                <Field name="clientSecret" label={t('clientSecretKeep')} type="password" autoComplete="new-password" />
                <SelectField name="defaultRole" label={t('defaultRole')} defaultValue={c.defaultRole}>
                  {roleOptions}
                </SelectField>
                <div className="flex items-end pb-2">
                  <CheckboxField name="enabled" label={t('enabled')} defaultChecked={c.enabled} />
                </div>
                <div className="sm:col-span-2">
                  <p className="text-sm font-medium text-slate-800">{t('redirectUri')}</p>
                  <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-xs text-slate-800">{c.redirectUri}</code>
                </div>
                <div className="sm:col-span-2">
                  <SubmitButton pendingLabel={tc('saving')}>{t('update')}</SubmitButton>
                </div>
              </ActionForm>

              <h3 className="mt-6 text-sm font-semibold text-slate-900">{t('domains')}</h3>
              {c.domains.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">{t('noDomains')}</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100">
                  {c.domains.map((d) => (
                    <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                      <div className="text-sm">
                        <span className="font-medium text-slate-900">{d.domain}</span>{' '}
                        <span className={d.verifiedAt ? 'text-emerald-700' : 'text-amber-800'}>
                          · {d.verifiedAt ? t('verified', { who: d.verifiedBy ?? '—', date: format.dateTime(d.verifiedAt, { dateStyle: 'medium' }) }) : t('unverified')}
                        </span>
                      </div>
                      <div className="flex flex-wrap items-center gap-2">
                        {!d.verifiedAt && (
                          <ActionForm action={verifySsoDomainAction} hidden={{ ...hidden, domainId: d.id }} className="flex items-center gap-2">
                            <CheckboxField name="attest" label={t('attest', { domain: d.domain })} />
                            <SubmitButton variant="secondary">{t('verify')}</SubmitButton>
                          </ActionForm>
                        )}
                        <ActionForm action={removeSsoDomainAction} hidden={{ ...hidden, domainId: d.id }} className="">
                          <SubmitButton variant="ghost">
                            {tc('remove')} <span className="sr-only">{d.domain}</span>
                          </SubmitButton>
                        </ActionForm>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              <ActionForm action={addSsoDomainAction} hidden={{ ...hidden, connectionId: c.id }} resetOnSuccess className="mt-3 flex flex-wrap items-end gap-3">
                <div className="min-w-56 flex-1">
                  <Field name="domain" label={t('domain')} placeholder="company.com" required />
                </div>
                <SubmitButton variant="secondary">{t('addDomain')}</SubmitButton>
              </ActionForm>
              <ActionForm action={deleteSsoConnectionAction} hidden={{ ...hidden, connectionId: c.id }} confirm={`${t('delete')}: ${c.name}?`} className="mt-4 border-t border-slate-100 pt-4">
                <SubmitButton variant="ghost">{t('delete')}</SubmitButton>
              </ActionForm>
            </div>
          ))}
        </div>
      </Card>
      <Card title={t('addTitle')} id="sso-add">
        <ActionForm action={createSsoConnectionAction} hidden={hidden} resetOnSuccess className="grid gap-4 sm:grid-cols-2">
          <Field name="name" label={t('name')} placeholder={t('namePlaceholder')} required maxLength={80} />
          <Field name="issuer" label={t('issuer')} placeholder="https://company.okta.com" required type="url" />
          <Field name="clientId" label={t('clientId')} required autoComplete="off" />
          <Field name="clientSecret" label={t('clientSecret')} required type="password" autoComplete="new-password" />
          <SelectField name="defaultRole" label={t('defaultRole')} defaultValue="viewer">
            {roleOptions}
          </SelectField>
          <div className="flex items-end sm:col-span-2">
            <SubmitButton pendingLabel={tc('saving')}>{t('create')}</SubmitButton>
          </div>
        </ActionForm>
      </Card>
    </>
  )
}
