'use client'

import { useFormatter, useTranslations } from 'next-intl'
import { REVIEW_DUE_DAYS } from '@/lib/audits/vocabulary'

/**
 * A touchpoint's audit review state as a small badge: "Review due" while a
 * review of it is open in an audit, "Stale since <date>" when its last
 * approved review is older than REVIEW_DUE_DAYS. Named for screen readers.
 */
export function ReviewBadge({ review, since, className = '' }: { review: 'due' | 'stale'; since: string | null; className?: string }) {
  const t = useTranslations('audits.badges')
  const format = useFormatter()
  const date = since ? format.dateTime(new Date(since), 'date') : ''
  const label = review === 'due' ? t('reviewDue') : t('staleSince', { date })
  const title = review === 'due' ? t('reviewDueTitle') : t('staleTitle', { date, days: REVIEW_DUE_DAYS })
  return (
    <span
      role="img"
      aria-label={label}
      title={title}
      data-review={review}
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-semibold ${review === 'due' ? 'bg-violet-100 text-violet-900' : 'bg-amber-100 text-amber-900'} ${className}`}
    >
      {label}
    </span>
  )
}
