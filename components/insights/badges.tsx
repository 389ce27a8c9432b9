'use client'

import { useTranslations } from 'next-intl'
import type { InsightSource, InsightStatus, InsightType, Sentiment } from '@/lib/insights/model'

const STATUS_STYLE: Record<InsightStatus, string> = {
  new: 'bg-sky-50 text-sky-900 ring-sky-200',
  in_review: 'bg-amber-50 text-amber-900 ring-amber-200',
  actioned: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  dismissed: 'bg-slate-100 text-slate-700 ring-slate-200',
}
const SENTIMENT_STYLE: Record<Sentiment, string> = {
  negative: 'text-red-800',
  neutral: 'text-slate-700',
  positive: 'text-emerald-800',
}

/** Status, type, source and sentiment of an insight, as small labelled badges. */
export function InsightBadges({ item }: { item: { status: InsightStatus; type: InsightType; source: InsightSource; sentiment: Sentiment } }) {
  const t = useTranslations('insights')
  const pill = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset'
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <span className={`${pill} ${STATUS_STYLE[item.status]}`} data-testid="insight-status">
        {t(`statuses.${item.status}`)}
      </span>
      <span className={`${pill} bg-indigo-50 text-indigo-900 ring-indigo-200`}>{t(`types.${item.type}`)}</span>
      <span className={`${pill} bg-white text-slate-700 ring-slate-200`}>{t(`sources.${item.source}`)}</span>
      <span className={`text-xs font-medium ${SENTIMENT_STYLE[item.sentiment]}`}>{t(`sentiments.${item.sentiment}`)}</span>
    </div>
  )
}
