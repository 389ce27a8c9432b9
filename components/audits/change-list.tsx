'use client'

import { useFormatter, useTranslations } from 'next-intl'
import Link from 'next/link'
import { countChanges, type Change } from '@/lib/audits/state'

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)

/** "What changed": each change in words, grouped by touchpoint, with a count per kind. */
export function ChangeList({ changes, slug }: { changes: Change[]; slug: string }) {
  const t = useTranslations('audits.changes')
  const tf = useTranslations('audits.fields')
  const format = useFormatter()
  if (changes.length === 0) return <p className="text-sm text-slate-600">{t('none')}</p>
  const counts = countChanges(changes)
  const num = (n: number | null, digits: 1 | 0) => (n == null ? t('none_value') : digits ? format.number(n, 'score') : format.number(n, 'count'))
  const groups = new Map<string, Change[]>()
  for (const c of changes) groups.set(c.touchpointId, [...(groups.get(c.touchpointId) ?? []), c])
  const text = (c: Change): string => {
    switch (c.kind) {
      case 'added':
      case 'removed':
      case 'retired':
      case 'restored':
        return t(c.kind)
      case 'moved':
        return t('moved', { from: c.from.join('; ') || t('movedNowhere'), to: c.to.join('; ') || t('movedNowhere') })
      case 'field':
        return t('field', { field: tf.has(c.field) ? tf(c.field as 'name') : c.field, from: clip(c.from), to: clip(c.to) })
      case 'owner':
        return t('owner', { from: c.from ?? t('nobody'), to: c.to ?? t('nobody') })
      case 'score':
        return t('score', { from: num(c.from, 1), to: num(c.to, 1) })
      case 'priority':
        return t('priority', { from: num(c.from, 0), to: num(c.to, 0) })
      case 'insights':
        return t('insights', { count: c.count })
    }
  }
  return (
    <>
      <p className="text-sm text-slate-700">
        {t('summary', { count: changes.length })}:{' '}
        {Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${n} × ${t(`kindLabel.${k}` as 'kindLabel.moved')}`)
          .join(', ')}
      </p>
      <ul className="mt-3 divide-y divide-slate-100" data-testid="changes">
        {[...groups.entries()].map(([id, list]) => (
          <li key={id} className="py-2">
            <Link href={`/w/${slug}/touchpoints/${encodeURIComponent(id)}`} className="font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
              {list[0]!.name}
            </Link>
            <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
              {list.map((c, i) => (
                <li key={i} data-change={c.kind}>
                  {text(c)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  )
}
