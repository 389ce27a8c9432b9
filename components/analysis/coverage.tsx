'use client'

import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import type { Distribution, Load, Named } from '@/lib/analysis/distribution'
import type { AnalysisTable } from '@/lib/analysis/tables'
import { ChartCard } from './chart-card'

const SHOWN = 8

/** Who owns the touchpoints in view (and who owns none), and where data is generated or lost. */
export function Coverage({ data, slug, csv }: { data: Distribution; slug: string; csv: (t: AnalysisTable) => string }) {
  const t = useTranslations('analysis.coverage')
  const c = data.coverage
  return (
    <section aria-labelledby="coverage-title">
      <h2 id="coverage-title" className="text-lg font-semibold text-slate-900">
        {t('title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('lead', { count: c.touchpoints })}</p>
      <div className="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-2">
        <ChartCard id="unowned" title={t('unowned')} csvHref={csv('unowned')} fileName={`${slug}-unowned`}>
          <Names list={c.unowned} slug={slug} none={t('unownedNone')} testId="unowned" />
        </ChartCard>
        <ChartCard id="data" title={t('noData')} lead={t('noDataLead')} csvHref={csv('data')} fileName={`${slug}-data`}>
          <Names list={c.noData} slug={slug} none={t('allGood')} testId="no-data" />
          <h3 className="mt-4 text-sm font-semibold text-slate-900">{t('notPassedOn')}</h3>
          <p className="mb-2 text-sm text-slate-600">{t('notPassedOnLead')}</p>
          <Names list={c.notPassedOn} slug={slug} none={t('allGood')} testId="not-passed-on" />
        </ChartCard>
        <ChartCard id="owners" title={t('people')} csvHref={csv('people')} fileName={`${slug}-owners`}>
          <Loads list={c.people} none={t('noOwners')} caption={t('people')} />
        </ChartCard>
        <ChartCard id="departments" title={t('departments')} csvHref={csv('departments')} fileName={`${slug}-departments`}>
          <Loads list={c.departments} none={t('noDepartments')} caption={t('departments')} />
        </ChartCard>
      </div>
    </section>
  )
}

function Names({ list, slug, none, testId }: { list: Named[]; slug: string; none: string; testId: string }) {
  const t = useTranslations('analysis.coverage')
  const [all, setAll] = useState(false)
  if (list.length === 0) return <p className="text-sm text-slate-600">{none}</p>
  return (
    <>
      <ul className="flex flex-wrap gap-2" data-testid={testId}>
        {(all ? list : list.slice(0, SHOWN)).map((n) => (
          <li key={n.id}>
            <Link
              href={`/w/${slug}/touchpoints/${n.id}`}
              className="inline-block max-w-full break-words rounded-full bg-slate-100 px-2.5 py-1 text-sm text-slate-800 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {n.name}
            </Link>
          </li>
        ))}
      </ul>
      {!all && list.length > SHOWN && (
        <Button variant="ghost" className="mt-2" onClick={() => setAll(true)}>
          {t('more', { count: list.length })}
        </Button>
      )}
    </>
  )
}

function Loads({ list, none, caption }: { list: Load[]; none: string; caption: string }) {
  const t = useTranslations('analysis.coverage')
  const format = useFormatter()
  if (list.length === 0) return <p className="text-sm text-slate-600">{none}</p>
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">{t('name')}</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">{t('touchpoints')}</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">{t('openInsights')}</th>
            <th scope="col" className="py-2 text-right font-medium">{t('averageScore')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {list.map((l) => (
            <tr key={l.id}>
              <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">{l.name}</th>
              <td className="py-1.5 pr-3 text-right">{l.touchpoints}</td>
              <td className="py-1.5 pr-3 text-right">{l.openInsights}</td>
              <td className="py-1.5 text-right">{l.averageScore == null ? t('noScore') : format.number(l.averageScore, 'score')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
