import type { SsoRefusalView } from '@/lib/sso/refusals'
import type { Format, T } from './sso-parts'

export function Refusals({ t, format, refusals }: { t: T; format: Format; refusals: SsoRefusalView[] }) {
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
