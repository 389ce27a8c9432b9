import type { ScimStatus } from '@/lib/sso/connection-status'
import type { ConnectionView } from '@/lib/sso/manage-connections'
import type { SsoRefusalView } from '@/lib/sso/refusals'
import type { Format, T } from './sso-parts'

const TONE = { valid: 'text-slate-700', expiring: 'text-amber-900', expired: 'text-red-800' } as const

/** A connection's health at a glance: last sign-in, last refusal in words, certificate expiry, SCIM. */
export function ConnectionStatus({ c, lastRefusal, scim, t, format }: { c: ConnectionView; lastRefusal: SsoRefusalView | undefined; scim: ScimStatus; t: T; format: Format }) {
  const when = (d: Date) => format.dateTime(d, 'dateTime')
  return (
    <section aria-label={t('settings.statusTitle')} className="mb-4 rounded-md bg-slate-50 p-3 text-sm">
      <h3 className="sr-only">{t('settings.statusTitle')}</h3>
      <ul className="space-y-1">
        <li className="text-slate-800">{c.lastSignInAt ? t('settings.lastSignIn', { date: when(c.lastSignInAt) }) : t('settings.neverSignedIn')}</li>
        <li className={lastRefusal ? 'text-amber-900' : 'text-slate-700'}>
          {lastRefusal
            ? t('settings.lastError', { date: when(lastRefusal.at), reason: `${t(`refusals.${lastRefusal.reason}`)}${lastRefusal.detail ? ` (${lastRefusal.detail})` : ''}` })
            : t('settings.noErrors')}
        </li>
        {c.saml?.certificates.map((cert) => (
          <li key={cert.subject + cert.notAfter.toISOString()} className={TONE[cert.state]}>
            {t(cert.state === 'valid' ? 'settings.certValid' : cert.state === 'expiring' ? 'settings.certExpiring' : 'settings.certExpired', {
              subject: cert.subject,
              date: format.dateTime(cert.notAfter, 'date'),
            })}
          </li>
        ))}
        <li className="text-slate-700">
          {scim.lastRequestAt
            ? t('settings.scimStatus', { users: scim.users, active: scim.activeUsers, groups: scim.groups, date: when(scim.lastRequestAt) })
            : t('settings.scimNever')}
        </li>
      </ul>
    </section>
  )
}
