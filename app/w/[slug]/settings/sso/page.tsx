import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { CheckboxField, Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { config } from '@/lib/config'
import { ROLE_KEYS, roleTable } from '@/lib/rbac/permissions'
import type { DomainView } from '@/lib/sso/domain-claims'
import { listConnections } from '@/lib/sso/manage-connections'
import { listSsoRefusals, type SsoRefusalView } from '@/lib/sso/refusals'
import {
  addSsoDomainAction,
  attestSsoDomainAction,
  checkSsoDomainAction,
  createSsoConnectionAction,
  deleteSsoConnectionAction,
  removeSsoDomainAction,
  updateSsoConnectionAction,
} from './actions'

export const metadata: Metadata = { title: 'Single sign-on' }

type T = Awaited<ReturnType<typeof getTranslations<'sso'>>>
type Format = Awaited<ReturnType<typeof getFormatter>>

export default async function SsoPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/sso`)
  if (!can(member, 'sso.manage')) notFound()
  const [t, tr, tc, format, connections, ranks] = await Promise.all([
    getTranslations('sso'),
    getTranslations('roles'),
    getTranslations('common'),
    getFormatter(),
    listConnections(member),
    roleTable(),
  ])
  const refusals = await listSsoRefusals(
    member,
    connections.map((c) => c.id),
  )
  const hidden = { workspaceId: member.workspaceId }
  const attestation = config().ssoDomainAttestation
  const roles = ROLE_KEYS.filter((r) => r !== 'owner' && (ranks.get(r)?.rank ?? 0) <= member.rank)
  const roleOptions = roles.map((r) => (
    <option key={r} value={r}>
      {tr(r)}
    </option>
  ))
  return (
    <>
      <Card title={t('settings.title')} description={t('settings.lead')} id="sso">
        {connections.length === 0 && <p className="text-sm text-slate-600">{t('settings.empty')}</p>}
        <div className="space-y-8">
          {connections.map((c) => (
            <div key={c.id} className="min-w-0 rounded-lg border border-slate-200 p-4">
              <ActionForm action={updateSsoConnectionAction} hidden={{ ...hidden, connectionId: c.id }} success={tc('saved')} className="grid gap-4 sm:grid-cols-2">
                <Field name="name" label={t('settings.name')} defaultValue={c.name} required maxLength={80} />
                <Field name="issuer" label={t('settings.issuer')} defaultValue={c.issuer} required type="url" />
                <Field name="clientId" label={t('settings.clientId')} defaultValue={c.clientId} required autoComplete="off" />
                <Field name="clientSecret" label={t('settings.clientSecretKeep')} type="password" autoComplete="new-password" />
                <SelectField name="defaultRole" label={t('settings.defaultRole')} defaultValue={c.defaultRole}>
                  {roleOptions}
                </SelectField>
                <div className="flex items-end pb-2">
                  <CheckboxField name="enabled" label={t('settings.enabled')} defaultChecked={c.enabled} />
                </div>
                <div className="sm:col-span-2">
                  <CheckboxField name="trustEmails" label={t('settings.trustEmails')} defaultChecked={c.trustEmails} />
                </div>
                <div className="min-w-0 sm:col-span-2">
                  <p className="text-sm font-medium text-slate-800">{t('settings.redirectUri')}</p>
                  <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-xs text-slate-800">{c.redirectUri}</code>
                </div>
                <div className="sm:col-span-2">
                  <SubmitButton pendingLabel={tc('saving')}>{t('settings.update')}</SubmitButton>
                </div>
              </ActionForm>

              <h3 className="mt-6 text-sm font-semibold text-slate-900">{t('settings.domains')}</h3>
              {c.domains.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">{t('settings.noDomains')}</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100">
                  {c.domains.map((d) => (
                    <DomainRow key={d.id} d={d} t={t} format={format} hidden={hidden} attestation={attestation} removeLabel={tc('remove')} />
                  ))}
                </ul>
              )}
              <ActionForm action={addSsoDomainAction} hidden={{ ...hidden, connectionId: c.id }} resetOnSuccess className="mt-3 flex flex-wrap items-end gap-3">
                <div className="min-w-0 flex-1 basis-56">
                  <Field name="domain" label={t('settings.domain')} placeholder="company.com" required />
                </div>
                <SubmitButton variant="secondary">{t('settings.addDomain')}</SubmitButton>
              </ActionForm>

              <Refusals t={t} format={format} refusals={refusals.filter((r) => r.connectionId === c.id)} />

              <ActionForm action={deleteSsoConnectionAction} hidden={{ ...hidden, connectionId: c.id }} confirm={`${t('settings.delete')}: ${c.name}?`} className="mt-4 border-t border-slate-100 pt-4">
                <SubmitButton variant="ghost">{t('settings.delete')}</SubmitButton>
              </ActionForm>
            </div>
          ))}
        </div>
      </Card>
      <Card title={t('settings.addTitle')} id="sso-add">
        <ActionForm action={createSsoConnectionAction} hidden={hidden} resetOnSuccess className="grid gap-4 sm:grid-cols-2">
          <Field name="name" label={t('settings.name')} placeholder={t('settings.namePlaceholder')} required maxLength={80} />
          <Field name="issuer" label={t('settings.issuer')} placeholder="https://company.okta.com" required type="url" />
          <Field name="clientId" label={t('settings.clientId')} required autoComplete="off" />
          <Field name="clientSecret" label={t('settings.clientSecret')} required type="password" autoComplete="new-password" />
          <SelectField name="defaultRole" label={t('settings.defaultRole')} defaultValue="viewer">
            {roleOptions}
          </SelectField>
          <div className="sm:col-span-2">
            <CheckboxField name="trustEmails" label={t('settings.trustEmails')} />
          </div>
          <div className="flex items-end sm:col-span-2">
            <SubmitButton pendingLabel={tc('saving')}>{t('settings.create')}</SubmitButton>
          </div>
        </ActionForm>
      </Card>
    </>
  )
}

function DomainRow({ d, t, format, hidden, attestation, removeLabel }: { d: DomainView; t: T; format: Format; hidden: Record<string, string>; attestation: boolean; removeLabel: string }) {
  const date = (x: Date) => format.dateTime(x, 'date')
  const state =
    d.status === 'verified'
      ? d.lastCheckedAt && d.verifiedAt && d.lastCheckedAt.getTime() - d.verifiedAt.getTime() > 60_000
        ? t('settings.verifiedChecked', { date: date(d.verifiedAt), checked: date(d.lastCheckedAt) })
        : t('settings.verified', { date: date(d.verifiedAt ?? new Date()) })
      : d.status === 'attested'
        ? t(attestation ? 'settings.attested' : 'settings.attestedOff', { who: d.attestedBy ?? '—', date: date(d.verifiedAt ?? new Date()) })
        : d.status === 'taken'
          ? t('settings.taken')
          : t('settings.pending')
  const tone = d.status === 'verified' || (d.status === 'attested' && attestation) ? 'text-emerald-800' : d.status === 'taken' ? 'text-red-800' : 'text-amber-900'
  const proven = d.status === 'verified'
  return (
    <li className="min-w-0 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="min-w-0 break-words text-sm">
          <span className="font-medium text-slate-900">{d.domain}</span> <span className={tone}>· {state}</span>
        </p>
        <ActionForm action={removeSsoDomainAction} hidden={{ ...hidden, domainId: d.id }} className="">
          <SubmitButton variant="ghost">
            {removeLabel} <span className="sr-only">{d.domain}</span>
          </SubmitButton>
        </ActionForm>
      </div>
      {!proven && (
        <div className="mt-2 space-y-2 rounded-md bg-slate-50 p-3 text-sm text-slate-700">
          <p>{t('settings.proveLead')}</p>
          <dl className="grid gap-1 sm:grid-cols-[auto_1fr] sm:gap-x-3">
            <dt className="font-medium text-slate-800">{t('settings.recordName')}</dt>
            <dd className="min-w-0">
              <code className="block break-all rounded bg-white px-2 py-0.5 text-xs">{d.recordName}</code>
            </dd>
            <dt className="font-medium text-slate-800">{t('settings.recordValue')}</dt>
            <dd className="min-w-0">
              <code className="block break-all rounded bg-white px-2 py-0.5 text-xs">{d.recordValue}</code>
            </dd>
          </dl>
          {d.lastCheckedAt && d.lastCheckError && (
            <p className="text-amber-900">{t('settings.lastCheck', { date: format.dateTime(d.lastCheckedAt, 'dateTime'), error: d.lastCheckError })}</p>
          )}
          <ActionForm action={checkSsoDomainAction} hidden={{ ...hidden, domainId: d.id }} success={t('settings.checked')} className="flex flex-wrap items-center gap-3">
            <SubmitButton variant="secondary" pendingLabel={t('settings.checking')}>
              {t('settings.checkNow')} <span className="sr-only">{d.domain}</span>
            </SubmitButton>
          </ActionForm>
          {attestation && d.status !== 'attested' && (
            <ActionForm action={attestSsoDomainAction} hidden={{ ...hidden, domainId: d.id }} className="space-y-2 border-t border-slate-200 pt-2">
              <p>{t('settings.attestLead')}</p>
              <CheckboxField name="attest" label={t('settings.attest', { domain: d.domain })} />
              <SubmitButton variant="ghost">{t('settings.attestSubmit')}</SubmitButton>
            </ActionForm>
          )}
        </div>
      )}
    </li>
  )
}

function Refusals({ t, format, refusals }: { t: T; format: Format; refusals: SsoRefusalView[] }) {
  return (
    <section className="mt-6 min-w-0">
      <h3 className="text-sm font-semibold text-slate-900">{t('settings.refusalsTitle')}</h3>
      <p className="mt-1 text-sm text-slate-600">{t('settings.refusalsLead')}</p>
      {refusals.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t('settings.refusalsEmpty')}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {refusals.map((r) => (
            <li key={r.id} className="min-w-0 py-2">
              <p className="text-slate-900">{t(`refusals.${r.reason}`)}</p>
              <p className="break-words text-xs text-slate-600">
                <time dateTime={r.at.toISOString()}>{format.dateTime(r.at, 'dateTime')}</time>
                {r.email && <> · {r.email}</>}
                {r.detail && <> · {r.detail}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
