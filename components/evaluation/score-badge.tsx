'use client'

import { useTranslations } from 'next-intl'

/** Text and background pairs with a contrast ratio above 7:1 (WCAG AAA for small text). */
function tone(mean: number): string {
  if (mean >= 4) return 'bg-emerald-50 text-emerald-900 ring-emerald-700/30'
  if (mean >= 3) return 'bg-amber-50 text-amber-900 ring-amber-700/30'
  return 'bg-rose-50 text-rose-900 ring-rose-700/30'
}

/**
 * A touchpoint's weighted score (1-5, one decimal) and how many people scored
 * it, for map cards and lists. Renders nothing when nobody scored, unless
 * `showEmpty`.
 */
export function ScoreBadge({ mean, count, showEmpty = false, className = '' }: { mean: number | null; count: number; showEmpty?: boolean; className?: string }) {
  const t = useTranslations('evaluation.badge')
  if (mean == null || count === 0) {
    if (!showEmpty) return null
    return <span className={`inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ${className}`}>{t('notScored')}</span>
  }
  const shown = mean.toFixed(1)
  return (
    <span
      role="img"
      aria-label={t('label', { mean: shown, count })}
      title={t('label', { mean: shown, count })}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold tabular-nums ring-1 ring-inset ${tone(mean)} ${className}`}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 fill-current">
        <path d="M8 1.5l1.9 4 4.4.5-3.3 3 .9 4.4L8 11.2l-3.9 2.2.9-4.4-3.3-3 4.4-.5z" />
      </svg>
      {shown}
      <span className="font-normal opacity-90">·&nbsp;{count}</span>
    </span>
  )
}
