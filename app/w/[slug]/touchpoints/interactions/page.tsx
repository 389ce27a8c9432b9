import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { sql } from 'drizzle-orm'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { InteractionImportPanel } from '@/components/interactions/import-panel'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { listImports } from '@/lib/interactions/imports'
import { RULE_FIELDS, RULE_KINDS } from '@/lib/interactions/model'
import { listRules, unmatchedTypes, volumesByTouchpoint } from '@/lib/interactions/rules'
import { addRuleAction, removeRuleAction, touchpointFromTypeAction } from './actions'

export const metadata: Metadata = { title: 'Interaction data' }

/** Identifying touchpoints from CRM and help-desk exports: imports with progress, rules, unmatched types, volumes. */
export default async function InteractionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/touchpoints/interactions`)
  const edit = can(member, 'maps.edit')
  const [t, format, imports, rules, unmatched, volumes, extra] = await Promise.all([
    getTranslations('interactions'),
    getFormatter(),
    listImports(member),
    listRules(member),
    unmatchedTypes(member),
    volumesByTouchpoint(member),
    inWorkspace(member.workspaceId, member.userId, async (tx) => ({
      touchpoints: rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from touchpoints where workspace_id = ${member.workspaceId} and status = 'active' order by lower(name)`)),
      sources: rowsOf<{ name: string }>(await tx.execute(sql`select name from interaction_sources where workspace_id = ${member.workspaceId} order by updated_at desc`)).map((s) => s.name),
    })),
  ])
  const n = (x: number) => format.number(x)
  const ws = member.workspaceId
  return (
    <div className="space-y-6">
      <LiveRefresh workspaceId={ws} topics={['interactions']} />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/w/${member.workspaceSlug}/touchpoints`} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {t('back')}
        </Link>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('title')}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('lead')}</p>
      </header>

      {edit && (
        <Card title={t('import.title')} description={t('import.lead')} id="import">
          <InteractionImportPanel workspaceId={ws} sources={extra.sources} />
        </Card>
      )}

      <Card title={t('imports.title')} id="imports">
        {imports.length === 0 ? (
          <p className="text-sm text-slate-600">{t('imports.empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t('imports.title')}>
            {imports.map((i) => {
              const pct = i.totalRows ? Math.round((100 * i.doneRows) / i.totalRows) : 100
              return (
                <li key={i.id} className="py-3 text-sm" data-testid="interaction-import" data-status={i.status}>
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <p className="font-medium text-slate-900">
                      {i.fileName} <span className="font-normal text-slate-600">· {i.source}</span>
                    </p>
                    <p className="text-slate-600">{t(`imports.status.${i.status}` as 'imports.status.done')}</p>
                  </div>
                  <div role="progressbar" aria-label={t('imports.progress', { file: i.fileName })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100">
                    <div className="h-full rounded-full bg-indigo-600" style={{ width: `${Math.max(2, pct)}%` }} />
                  </div>
                  <p className="mt-1 text-slate-700">
                    {t('imports.counts', { done: n(i.doneRows), total: n(i.totalRows), matched: n(i.matched), unmatched: n(i.unmatched), bad: n(i.bad) })}
                  </p>
                  {i.problems.length > 0 && (
                    <p className="mt-1 text-xs text-amber-900">
                      {t('imports.problems')} {i.problems.slice(0, 3).map((p) => t('imports.problem', { line: p.line, reason: p.reason })).join('; ')}
                    </p>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </Card>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card title={t('unmatched.title')} description={t('unmatched.lead')} id="unmatched">
          {unmatched.length === 0 ? (
            <p className="text-sm text-slate-600">{t('unmatched.empty')}</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label={t('unmatched.title')} data-testid="unmatched-types">
              {unmatched.map((u) => (
                <li key={`${u.type}|${u.channel}`} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <span className="min-w-0">
                    <span className="font-medium text-slate-900">{u.type}</span> <span className="text-slate-600">· {u.channel}</span>
                    <span className="block text-xs text-slate-600">{t('unmatched.count', { count: u.count })}</span>
                  </span>
                  {edit && (
                    <ActionForm action={touchpointFromTypeAction} hidden={{ workspaceId: ws, type: u.type, channel: u.channel }} className="">
                      <SubmitButton variant="secondary" pendingLabel={t('unmatched.creating')}>
                        {t('unmatched.create', { kind: t(`kinds.${u.kind}`) })} <span className="sr-only">{u.type}</span>
                      </SubmitButton>
                    </ActionForm>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('volumes.title')} description={t('volumes.lead')} id="volumes">
          {volumes.length === 0 ? (
            <p className="text-sm text-slate-600">{t('volumes.empty')}</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-slate-700">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1.5 pr-3 font-medium">{t('volumes.touchpoint')}</th>
                  <th scope="col" className="py-1.5 pr-3 text-right font-medium">{t('volumes.last30')}</th>
                  <th scope="col" className="py-1.5 text-right font-medium">{t('volumes.total')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {volumes.map((v) => (
                  <tr key={v.touchpointId}>
                    <td className="py-1.5 pr-3">
                      <Link href={`/w/${member.workspaceSlug}/touchpoints/${encodeURIComponent(v.touchpointId)}`} className="text-indigo-700 hover:underline">
                        {v.name}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{n(v.last30)}</td>
                    <td className="py-1.5 text-right tabular-nums">{n(v.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>

      <Card title={t('rules.title')} description={t('rules.lead')} id="rules">
        {rules.length === 0 ? (
          <p className="text-sm text-slate-600">{t('rules.empty')}</p>
        ) : (
          <ol className="divide-y divide-slate-100" aria-label={t('rules.title')}>
            {rules.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">
                  {t('rules.sentence', { field: t(`rules.fields.${r.field}`), kind: t(`rules.kinds.${r.kind}`), pattern: r.pattern, touchpoint: r.touchpoint })}
                </span>
                {edit && (
                  <ActionForm action={removeRuleAction} hidden={{ workspaceId: ws, ruleId: r.id }} className="">
                    <SubmitButton variant="ghost">
                      {t('rules.remove')} <span className="sr-only">{r.pattern}</span>
                    </SubmitButton>
                  </ActionForm>
                )}
              </li>
            ))}
          </ol>
        )}
        {edit && extra.touchpoints.length > 0 && (
          <ActionForm action={addRuleAction} hidden={{ workspaceId: ws }} resetOnSuccess className="mt-4 grid grid-cols-1 gap-3 border-t border-slate-100 pt-4 sm:grid-cols-2 lg:grid-cols-4" aria-label={t('rules.add')}>
            <SelectField name="field" label={t('rules.field')}>
              {RULE_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`rules.fields.${f}`)}
                </option>
              ))}
            </SelectField>
            <SelectField name="kind" label={t('rules.kind')}>
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`rules.kinds.${k}`)}
                </option>
              ))}
            </SelectField>
            <Field name="pattern" label={t('rules.pattern')} hint={t('rules.patternHint')} required maxLength={200} autoComplete="off" />
            <SelectField name="touchpointId" label={t('rules.touchpoint')}>
              {extra.touchpoints.map((tp) => (
                <option key={tp.id} value={tp.id}>
                  {tp.name}
                </option>
              ))}
            </SelectField>
            <div className="sm:col-span-2 lg:col-span-4">
              <SubmitButton pendingLabel={t('rules.adding')}>{t('rules.add')}</SubmitButton>
            </div>
          </ActionForm>
        )}
      </Card>
    </div>
  )
}
