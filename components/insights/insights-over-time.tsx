'use client'

import { useFormatter, useTranslations } from 'next-intl'
import dynamic from 'next/dynamic'
import { calendarDay } from '@/lib/i18n/formats'

export type MonthCount = { month: string; total: number; negative: number; positive: number }

import { SENTIMENT_COLOURS as COLOURS, SENTIMENTS } from './sentiment-colours'

// The charting library loads after the page: the figures (legend, table) are there at once.
const MonthlyBars = dynamic(() => import('./monthly-bars').then((m) => m.MonthlyBars), { ssr: false })

/**
 * A touchpoint's insights per month as stacked bars by sentiment
 * (./monthly-bars.tsx, loaded after the page), with the same numbers as a
 * table for screen readers and for anyone who prefers figures.
 */
export function InsightsOverTime({ months }: { months: MonthCount[] }) {
  const t = useTranslations('insights.touchpoint')
  const format = useFormatter()
  const data = months.map((m) => ({
    month: m.month,
    short: format.dateTime(calendarDay(`${m.month}-01`), 'monthShort'),
    long: format.dateTime(calendarDay(`${m.month}-01`), 'month'),
    negative: m.negative,
    neutral: m.total - m.negative - m.positive,
    positive: m.positive,
    total: m.total,
  }))
  const series = SENTIMENTS
  return (
    <figure className="mt-4">
      <figcaption className="text-sm font-medium text-slate-800">
        {t('overTime')} <span className="font-normal text-slate-600">{t('overTimeLead')}</span>
      </figcaption>
      <div className="mt-2 h-40" aria-hidden="true">
        <MonthlyBars data={data} names={{ negative: t('negative'), neutral: t('neutral'), positive: t('positive') }} />
      </div>
      <ul className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600" aria-hidden="true">
        {series.map((s) => (
          <li key={s} className="flex items-center gap-1">
            <span className="h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: COLOURS[s] }} />
            {t(s)}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer rounded text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">{t('asTable')}</summary>
        <table className="mt-2 w-full text-left text-xs tabular-nums">
          <caption className="sr-only">{t('overTime')}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">{t('month')}</th>
              <th scope="col" className="py-1 pr-2 text-right font-medium">{t('total')}</th>
              {series.map((s) => (
                <th key={s} scope="col" className="py-1 pr-2 text-right font-medium">{t(s)}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 text-slate-800">
            {data.map((d) => (
              <tr key={d.month}>
                <th scope="row" className="py-1 pr-2 font-normal">{d.long}</th>
                <td className="py-1 pr-2 text-right">{d.total}</td>
                {series.map((s) => (
                  <td key={s} className="py-1 pr-2 text-right">{d[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
