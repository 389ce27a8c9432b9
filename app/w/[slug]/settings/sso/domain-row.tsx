import { ActionForm } from '@/components/forms/action-form'
import { CheckboxField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import type { DomainView } from '@/lib/sso/domain-claims'
import { attestSsoDomainAction, checkSsoDomainAction, removeSsoDomainAction, setDomainEnforcementAction } from './actions'
import type { Format, T } from './sso-parts'

export function DomainRow({
  d,
  t,
  format,
  hidden,
  attestation,
  removeLabel,
  savedLabel,
  connectionName,
  mySessionElsewhere,
}: {
  d: DomainView
  t: T
  format: Format
  hidden: Record<string, string>
  attestation: boolean
  removeLabel: string
  savedLabel: string
  connectionName: string
  /** The admin's own address is in this domain and their session was not made through this connection. */
  mySessionElsewhere: boolean
}) {
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
          {d.enforced && proven && <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900">{t('settings.enforced')}</span>}
        </p>
        <ActionForm action={removeSsoDomainAction} hidden={{ ...hidden, domainId: d.id }} className="">
          <SubmitButton variant="ghost">
            {removeLabel} <span className="sr-only">{d.domain}</span>
          </SubmitButton>
        </ActionForm>
      </div>
      {proven ? (
        <ActionForm
          action={setDomainEnforcementAction}
          hidden={{ ...hidden, domainId: d.id }}
          success={savedLabel}
          className="mt-2 space-y-2 rounded-md bg-slate-50 p-3 text-sm"
        >
          <CheckboxField name="enforced" label={t('settings.enforceLabel', { domain: d.domain })} defaultChecked={d.enforced} />
          <p className="text-slate-600">{t('settings.enforceLead', { connection: connectionName })}</p>
          {mySessionElsewhere && !d.enforced && <CheckboxField name="confirmSelf" label={t('settings.enforceConfirmSelf', { connection: connectionName })} />}
          <SubmitButton variant="secondary">
            {t('settings.enforceSave')} <span className="sr-only">{d.domain}</span>
          </SubmitButton>
        </ActionForm>
      ) : (
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
          <p className="text-xs text-slate-600">{t('settings.enforceOnlyVerified')}</p>
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
