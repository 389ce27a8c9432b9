import { CheckboxField, Field, TextareaField } from '@/components/forms/field'
import type { SamlView } from '@/lib/sso/manage-connections'
import type { T } from './sso-parts'

/** Where the IdP comes from (metadata XML, its URL, or typed in) and how its attributes are named: for adding or editing a SAML connection. */
export function SamlFields({ t, saml, trustEmails }: { t: T; saml: SamlView | null; trustEmails: boolean }) {
  return (
    <>
      <div className="sm:col-span-2">
        <TextareaField
          name="metadataXml"
          label={saml ? t('settings.metadataReplace') : t('settings.metadataXml')}
          hint={t('settings.metadataXmlHint')}
          rows={saml ? 3 : 6}
          spellCheck={false}
          className="font-mono text-xs"
        />
      </div>
      <div className="sm:col-span-2">
        <Field name="metadataUrl" label={t('settings.metadataUrl')} hint={t('settings.metadataUrlHint')} type="url" defaultValue={saml?.metadataUrl ?? undefined} placeholder="https://idp.example.com/metadata" />
      </div>
      <details className="rounded-md border border-slate-200 p-3 sm:col-span-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-800">{t('settings.manualTitle')}</summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <Field name="entityId" label={t('settings.entityId')} autoComplete="off" />
          <Field name="ssoUrl" label={t('settings.ssoUrl')} type="url" autoComplete="off" />
          <div className="sm:col-span-2">
            <TextareaField name="certificate" label={t('settings.certificate')} rows={4} spellCheck={false} className="font-mono text-xs" />
          </div>
        </div>
      </details>
      <details className="rounded-md border border-slate-200 p-3 sm:col-span-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-800">{t('settings.attributesTitle')}</summary>
        <p className="mt-2 text-sm text-slate-600">{t('settings.attributesLead')}</p>
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          <Field name="emailAttribute" label={t('settings.emailAttribute')} defaultValue={saml?.emailAttribute ?? undefined} autoComplete="off" />
          <Field name="nameAttribute" label={t('settings.nameAttribute')} defaultValue={saml?.nameAttribute ?? undefined} autoComplete="off" />
          <Field name="groupsAttribute" label={t('settings.groupsAttribute')} defaultValue={saml?.groupsAttribute ?? undefined} autoComplete="off" />
        </div>
      </details>
      <div className="space-y-2 sm:col-span-2">
        <CheckboxField name="trustEmails" label={t('settings.trustEmailsSaml')} defaultChecked={trustEmails} />
        <CheckboxField name="idpInitiated" label={t('settings.idpInitiated')} defaultChecked={saml?.idpInitiated ?? false} />
      </div>
    </>
  )
}
