'use client'

import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import type { Distribution, Finding } from '@/lib/analysis/distribution'
import { ChartCard } from './chart-card'

/** Over-used and under-used touchpoints and stages, each with its reason in words. */
export function Findings({ data, csvOver, csvUnder, slug }: { data: Distribution; csvOver: string; csvUnder: string; slug: string }) {
  const t = useTranslations('analysis.findings')
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <ChartCard id="over-used" title={t('overTitle')} lead={t('overLead')} csvHref={csvOver} fileName={`${slug}-over-used`}>
        <FindingList list={data.overUsed} data={data} slug={slug} testId="over-used" />
      </ChartCard>
      <ChartCard id="under-used" title={t('underTitle')} lead={t('underLead')} csvHref={csvUnder} fileName={`${slug}-under-used`}>
        <FindingList list={data.underUsed} data={data} slug={slug} testId="under-used" />
      </ChartCard>
    </div>
  )
}

function FindingList({ list, data, slug, testId }: { list: Finding[]; data: Distribution; slug: string; testId: string }) {
  const t = useTranslations('analysis.findings')
  const format = useFormatter()
  const pct = (n: number) => format.number(n, { style: 'percent', maximumFractionDigits: 0 })
  const score = (n: number) => format.number(n, 'score')
  if (list.length === 0) return <p className="text-sm text-slate-600">{t('none')}</p>
  const mapName = (id: string) => data.maps.find((m) => m.id === id)?.name ?? ''
  return (
    <ul className="divide-y divide-slate-100" data-testid={testId}>
      {list.map((f) => {
        const key = 'touchpointId' in f ? `${f.kind}-${f.touchpointId}` : `${f.kind}-${f.mapId}-${f.stageId}`
        return (
          <li key={key} className="py-2" data-finding={f.kind}>
            {'touchpointId' in f ? (
              <Link href={`/w/${slug}/touchpoints/${f.touchpointId}`} className="font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                {f.name}
              </Link>
            ) : (
              <Link href={`/w/${slug}/maps/${f.mapId}`} className="font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                {data.mapId ? f.name : t('stageOf', { stage: f.name, map: mapName(f.mapId) })}
              </Link>
            )}
            <p className="mt-0.5 text-sm text-slate-700">
              {f.kind === 'spreadLowScore'
                ? t('spreadLowScore', { cells: f.cells, stages: f.stages, score: score(f.score) })
                : f.kind === 'strongPlacedOnce'
                  ? t('strongPlacedOnce', { score: score(f.score) })
                  : t(f.kind, { weight: f.weight, share: pct(f.share), count: f.touchpoints, weightShare: pct(f.weightShare) })}
            </p>
          </li>
        )
      })}
    </ul>
  )
}
