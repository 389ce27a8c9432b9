import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { CheckboxField, Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { CopyValue } from '@/components/sso/copy-value'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { config } from '@/lib/config'
import { parseEmail } from '@/lib/email/parse-email'
import { ROLE_KEYS, roleTable } from '@/lib/rbac/permissions'
import { listGroupMappings } from '@/lib/scim/groups'
import { scimStatus } from '@/lib/sso/connection-status'
import { breakGlassView } from '@/lib/sso/enforcement'
import { listConnections, type ConnectionView } from '@/lib/sso/manage-connections'
import { listSsoRefusals } from '@/lib/sso/refusals'
import {
  addSsoDomainAction,
  createSamlConnectionAction,
  createSsoConnectionAction,
  deleteSsoConnectionAction,
  setBreakGlassAction,
  updateSamlConnectionAction,
  updateSsoConnectionAction,
} from './actions'
import { ConnectionStatus } from './connection-status'
import { DomainRow } from './domain-row'
import { Refusals } from './refusals'
import { SamlFields } from './saml-fields'
import { ScimSection } from './scim-section'
import type { T } from './sso-parts'

export const metadata: Metadata = { title: 'Single sign-on' }

export default async function SsoPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { session, member } = await requireMemberPage(slug, `/w/${slug}/settings/sso`)
  if (!can(member, 'sso.manage')) notFound()
  const [t, tr, tc, format, connections, ranks, groups, glass] = await Promise.all([
    getTranslations('sso'),
    getTranslations('roles'),
    getTranslations('common'),
    getFormatter(),
    listConnections(member),
    roleTable(),
    listGroupMappings(member),
    breakGlassView(member),
  ])
  const ids = connections.map((c) => c.id)
  const [refusals, scims] = await Promise.all([listSsoRefusals(member, ids), Promise.all(ids.map((id) => scimStatus(member, id)))])
  const hidden = { workspaceId: member.workspaceId }
  const attestation = config().ssoDomainAttestation
  const myDomain = parseEmail(session.user.email)?.domain
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
          {connections.map((c, i) => (
            <article key={c.id} aria-label={c.name} className="min-w-0 rounded-lg border border-slate-200 p-4">
              <h3 className="mb-3 flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
                {c.name}
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">
                  {c.protocol === 'saml' ? t('settings.protocolSaml') : t('settings.protocolOidc')}
                </span>
              </h3>
              <ConnectionStatus c={c} lastRefusal={refusals.find((r) => r.connectionId === c.id)} scim={scims[i]!} t={t} format={format} />
              {c.protocol === 'saml' ? <SamlConnectionForm c={c} t={t} tc={tc} hidden={hidden} roleOptions={roleOptions} /> : <OidcConnectionForm c={c} t={t} tc={tc} hidden={hidden} roleOptions={roleOptions} />}

              <h3 className="mt-6 text-sm font-semibold text-slate-900">{t('settings.domains')}</h3>
              {c.domains.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">{t('settings.noDomains')}</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100">
                  {c.domains.map((d) => (
                    <DomainRow
                      key={d.id}
                      d={d}
                      t={t}
                      format={format}
                      hidden={hidden}
                      attestation={attestation}
                      removeLabel={tc('remove')}
                      savedLabel={tc('saved')}
                      connectionName={c.name}
                      mySessionElsewhere={d.domain === myDomain && session.ssoConnectionId !== c.id}
                    />
                  ))}
                </ul>
              )}
              <ActionForm action={addSsoDomainAction} hidden={{ ...hidden, connectionId: c.id }} resetOnSuccess className="mt-3 flex flex-wrap items-end gap-3">
                <div className="min-w-0 flex-1 basis-56">
                  <Field name="domain" label={t('settings.domain')} placeholder="company.com" required />
                </div>
                <SubmitButton variant="secondary">{t('settings.addDomain')}</SubmitButton>
              </ActionForm>

              <ScimSection
                t={t}
                format={format}
                hidden={hidden}
                connectionId={c.id}
                scimUrl={c.scimUrl}
                scim={scims[i]!}
                groups={groups.filter((g) => g.connectionId === c.id)}
                roleOptions={roleOptions}
                roleName={(k) => tr(k as 'viewer')}
              />

              <Refusals t={t} format={format} refusals={refusals.filter((r) => r.connectionId === c.id)} />

              <ActionForm action={deleteSsoConnectionAction} hidden={{ ...hidden, connectionId: c.id }} confirm={`${t('settings.delete')}: ${c.name}?`} className="mt-4 border-t border-slate-100 pt-4">
                <SubmitButton variant="ghost">{t('settings.delete')}</SubmitButton>
              </ActionForm>
            </article>
          ))}
        </div>
      </Card>

      {connections.length > 0 && (
        <Card title={t('settings.breakGlassTitle')} description={t('settings.breakGlassLead')} id="sso-break-glass">
          <ActionForm action={setBreakGlassAction} hidden={hidden} success={tc('saved')} className="flex flex-wrap items-end gap-3">
            <div className="min-w-0 flex-1 basis-64">
              <SelectField name="userId" label={t('settings.breakGlassOwner')} defaultValue={glass.current ?? ''}>
                <option value="">{t('settings.breakGlassNone')}</option>
                {glass.owners.map((o) => (
                  <option key={o.userId} value={o.userId}>
                    {o.email}
                  </option>
                ))}
              </SelectField>
            </div>
            <SubmitButton variant="secondary">{t('settings.breakGlassSave')}</SubmitButton>
          </ActionForm>
        </Card>
      )}

      <Card title={t('settings.addSamlTitle')} description={t('settings.addSamlLead')} id="sso-add-saml">
        <ActionForm action={createSamlConnectionAction} hidden={hidden} resetOnSuccess className="grid gap-4 sm:grid-cols-2">
          <Field name="name" label={t('settings.name')} placeholder={t('settings.namePlaceholder')} required maxLength={80} />
          <SelectField name="defaultRole" label={t('settings.defaultRole')} defaultValue="viewer">
            {roleOptions}
          </SelectField>
          <SamlFields t={t} saml={null} trustEmails />
          <div className="sm:col-span-2">
            <SubmitButton pendingLabel={tc('saving')}>{t('settings.create')}</SubmitButton>
          </div>
        </ActionForm>
      </Card>

      <Card title={t('settings.addOidcTitle')} id="sso-add">
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

type Tc = Awaited<ReturnType<typeof getTranslations<'common'>>>
type FormProps = { c: ConnectionView; t: T; tc: Tc; hidden: { workspaceId: string }; roleOptions: React.ReactNode }

function OidcConnectionForm({ c, t, tc, hidden, roleOptions }: FormProps) {
  return (
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
      <div className="sm:col-span-2">
        <CopyValue label={t('settings.redirectUri')} value={c.redirectUri} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton pendingLabel={tc('saving')}>{t('settings.update')}</SubmitButton>
      </div>
    </ActionForm>
  )
}

function SamlConnectionForm({ c, t, tc, hidden, roleOptions }: FormProps) {
  const saml = c.saml!
  return (
    <>
      <div className="mb-4 space-y-3 rounded-md border border-indigo-100 bg-indigo-50/50 p-3">
        <h4 className="text-sm font-semibold text-slate-900">{t('settings.spTitle')}</h4>
        <CopyValue label={t('settings.spEntityId')} value={saml.spEntityId} />
        <CopyValue label={t('settings.acsUrl')} value={saml.acsUrl} />
        <a href={`${saml.spEntityId}?download`} className="inline-block text-sm font-medium text-indigo-700 underline hover:text-indigo-900">
          {t('settings.spMetadata')}
        </a>
        <p className="break-all text-xs text-slate-600">
          {t('settings.idpSummary', { entityId: c.issuer, binding: saml.binding === 'post' ? t('settings.bindingPost') : t('settings.bindingRedirect') })}
        </p>
      </div>
      <ActionForm action={updateSamlConnectionAction} hidden={{ ...hidden, connectionId: c.id }} success={tc('saved')} className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label={t('settings.name')} defaultValue={c.name} required maxLength={80} />
        <SelectField name="defaultRole" label={t('settings.defaultRole')} defaultValue={c.defaultRole}>
          {roleOptions}
        </SelectField>
        <div className="sm:col-span-2">
          <CheckboxField name="enabled" label={t('settings.enabled')} defaultChecked={c.enabled} />
        </div>
        <SamlFields t={t} saml={saml} trustEmails={c.trustEmails} />
        <div className="sm:col-span-2">
          <SubmitButton pendingLabel={tc('saving')}>{t('settings.update')}</SubmitButton>
        </div>
      </ActionForm>
    </>
  )
}
