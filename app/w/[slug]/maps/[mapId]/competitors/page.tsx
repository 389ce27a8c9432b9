import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { competitorView } from '@/lib/competitors/competitors'
import { NotFoundError } from '@/lib/errors'
import { addCompetitorAction, addCompetitorTouchpointAction, removeCompetitorAction, removeCompetitorTouchpointAction } from './actions'

export const metadata: Metadata = { title: 'Competitors' }

/** A map's competitors: their equivalent touchpoints per stage and row, and where they are present and we are not. */
export default async function CompetitorsPage({ params }: { params: Promise<{ slug: string; mapId: string }> }) {
  const { slug, mapId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps/${mapId}/competitors`)
  const view = await competitorView(member, mapId).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    throw err
  })
  const t = await getTranslations('competitors')
  const edit = can(member, 'maps.edit')
  const ws = member.workspaceId
  const stageName = new Map(view.stages.map((s) => [s.id, s.name]))
  const segmentName = new Map(view.segments.map((s) => [s.id, s.name]))
  return (
    <div className="space-y-6">
      <LiveRefresh workspaceId={ws} topics={['maps']} />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/w/${member.workspaceSlug}/maps/${mapId}`} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          ← {view.map.name}
        </Link>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('title', { map: view.map.name })}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('lead')}</p>
      </header>

      <Card title={t('gapsTitle')} description={t('gapsLead')} id="gaps">
        {view.gaps.length === 0 ? (
          <p className="text-sm text-slate-600">{view.entries.length ? t('noGaps') : t('noEntriesYet')}</p>
        ) : (
          <ul className="space-y-2" aria-label={t('gapsTitle')} data-testid="competitor-gaps">
            {view.gaps.map((g) => (
              <li key={`${g.stageId}|${g.segmentId}`} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
                <p className="font-medium text-amber-950">{t('gapCell', { stage: g.stage, segment: g.segment })}</p>
                <p className="mt-0.5 text-amber-900">
                  {g.competitors.map((c) => (c.rating ? t('theirsRated', { name: c.name, touchpoint: c.touchpoint, rating: c.rating }) : t('theirs', { name: c.name, touchpoint: c.touchpoint }))).join('; ')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {/* min-w-0: the table scrolls inside its card instead of widening the page on a phone. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] [&>*]:min-w-0">
        <Card title={t('entriesTitle')} id="entries">
          {view.entries.length === 0 ? (
            <p className="text-sm text-slate-600">{view.competitors.length ? t('noEntries') : t('addCompetitorFirst')}</p>
          ) : (
            <div className="relative overflow-x-auto" tabIndex={0} aria-label={t('entriesTitle')}>
              <table className="w-full text-left text-sm">
                <thead className="text-slate-700">
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-2 pr-3 font-medium">{t('competitor')}</th>
                    <th scope="col" className="py-2 pr-3 font-medium">{t('cell')}</th>
                    <th scope="col" className="py-2 pr-3 font-medium">{t('theirTouchpoint')}</th>
                    <th scope="col" className="py-2 pr-3 font-medium">{t('rating')}</th>
                    <th scope="col" className="py-2 pr-3 font-medium">{t('ours')}</th>
                    {edit && (
                      <th scope="col" className="py-2 font-medium">
                        <span className="sr-only">{t('actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {view.entries.map((e) => (
                    <tr key={e.id} className="align-top">
                      <td className="py-2 pr-3 font-medium text-slate-900">{e.competitor}</td>
                      <td className="py-2 pr-3 text-slate-700">
                        {stageName.get(e.stageId) ?? t('goneStage')} · {segmentName.get(e.segmentId) ?? t('goneRow')}
                      </td>
                      <td className="py-2 pr-3">
                        {e.name}
                        {e.note && <div className="text-xs text-slate-600">{e.note}</div>}
                      </td>
                      <td className="py-2 pr-3 tabular-nums">{e.rating ? t('ratingOf', { rating: e.rating }) : '–'}</td>
                      <td className="py-2 pr-3 tabular-nums">{t('ourCards', { count: view.ours[`${e.stageId}|${e.segmentId}`] ?? 0 })}</td>
                      {edit && (
                        <td className="py-2">
                          <ActionForm action={removeCompetitorTouchpointAction} hidden={{ workspaceId: ws, entryId: e.id }} className="">
                            <SubmitButton variant="ghost">
                              {t('remove')} <span className="sr-only">{e.name}</span>
                            </SubmitButton>
                          </ActionForm>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {edit && view.competitors.length > 0 && view.stages.length > 0 && view.segments.length > 0 && (
            <ActionForm action={addCompetitorTouchpointAction} hidden={{ workspaceId: ws }} resetOnSuccess className="mt-5 grid grid-cols-1 gap-3 border-t border-slate-100 pt-4 sm:grid-cols-2" aria-label={t('addEntry')}>
              <SelectField name="competitorId" label={t('competitor')}>
                {view.competitors.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
              <Field name="name" label={t('theirTouchpoint')} hint={t('theirTouchpointHint')} required maxLength={80} autoComplete="off" />
              <SelectField name="stageId" label={t('stage')}>
                {view.stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <SelectField name="segmentId" label={t('row')}>
                {view.segments.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <SelectField name="rating" label={t('rating')} defaultValue="">
                <option value="">{t('noRating')}</option>
                {[1, 2, 3, 4, 5].map((r) => (
                  <option key={r} value={r}>
                    {t(`ratings.${r}` as 'ratings.1')}
                  </option>
                ))}
              </SelectField>
              <Field name="note" label={t('note')} maxLength={300} autoComplete="off" />
              <div className="sm:col-span-2">
                <SubmitButton pendingLabel={t('adding')}>{t('addEntry')}</SubmitButton>
              </div>
            </ActionForm>
          )}
        </Card>

        <Card title={t('competitorsTitle')} id="competitors">
          {view.competitors.length === 0 ? (
            <p className="text-sm text-slate-600">{t('noCompetitors')}</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label={t('competitorsTitle')}>
              {view.competitors.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <span className="min-w-0 break-words">
                    <span className="font-medium text-slate-900">{c.name}</span> <span className="text-slate-600">({t('entryCount', { count: c.entries })})</span>
                  </span>
                  {edit && (
                    <ActionForm action={removeCompetitorAction} hidden={{ workspaceId: ws, competitorId: c.id }} confirm={t('removeConfirm', { name: c.name })} className="">
                      <SubmitButton variant="ghost">
                        {t('remove')} <span className="sr-only">{c.name}</span>
                      </SubmitButton>
                    </ActionForm>
                  )}
                </li>
              ))}
            </ul>
          )}
          {edit && (
            <ActionForm action={addCompetitorAction} hidden={{ workspaceId: ws, mapId }} resetOnSuccess className="mt-4 space-y-3" aria-label={t('addCompetitor')}>
              <Field name="name" label={t('competitorName')} required maxLength={60} autoComplete="off" />
              <SubmitButton variant="secondary" pendingLabel={t('adding')}>
                {t('addCompetitor')}
              </SubmitButton>
            </ActionForm>
          )}
        </Card>
      </div>
    </div>
  )
}
