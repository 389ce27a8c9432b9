'use client'

import { useFormatter, useNow, useTranslations } from 'next-intl'

const KIND_STYLES: Record<string, string> = {
  owner_assigned: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  insight_assigned: 'bg-amber-50 text-amber-900 ring-amber-200',
  mentioned: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
  comment: 'bg-sky-50 text-sky-800 ring-sky-200',
  audit: 'bg-violet-50 text-violet-800 ring-violet-200',
  webhook: 'bg-rose-50 text-rose-800 ring-rose-200',
}

/** What kind of notification it is, as a small label. */
export function KindBadge({ kind }: { kind: string }) {
  const t = useTranslations('notifications')
  const known = kind in KIND_STYLES
  const label = known ? t(`kind_${kind}` as 'kind_owner_assigned') : t('kind_other')
  return (
    <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${KIND_STYLES[kind] ?? 'bg-slate-50 text-slate-700 ring-slate-200'}`}>
      {label}
    </span>
  )
}

/** "5 minutes ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ iso }: { iso: string }) {
  const format = useFormatter()
  const now = useNow({ updateInterval: 60_000 })
  const date = new Date(iso)
  return (
    <time dateTime={iso} title={format.dateTime(date, 'dateTime')}>
      {format.relativeTime(date, now)}
    </time>
  )
}
