import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { MapActions } from '@/components/maps/map-actions'
import { NewMapForm } from '@/components/maps/new-map-form'
import { Icon } from '@/components/shell/icons'
import { buttonClass } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listDeletedMaps } from '@/lib/maps/map-life'
import { filterMaps, MAP_SORTS, parseMapFilters } from '@/lib/maps/map-list'
import { listMaps } from '@/lib/maps/maps'
import { MAP_TEMPLATES, type MapTemplate } from '@/lib/maps/model'
import { listTemplates, starterMatches } from '@/lib/maps/templates'
import { deleteTemplateAction, restoreDeletedMapAction } from './actions'

export const metadata: Metadata = { title: 'Maps' }

/** One filter of the list: a labelled select that submits with the form (a GET: the filters are in the address). */
function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: readonly (readonly [string, string])[] }) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={value ?? ''} className="h-9 max-w-56 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600">
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

export default async function MapsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps`)
  const filters = parseMapFilters(await searchParams)
  const canDelete = can(member, 'maps.delete')
  const editor = can(member, 'maps.edit')
  const [t, tl, format, all, deleted, templates, inCatalog] = await Promise.all([
    getTranslations('maps'),
    getTranslations('maps.life'),
    getFormatter(),
    listMaps(member),
    canDelete ? listDeletedMaps(member) : Promise.resolve([]),
    editor ? listTemplates(member) : Promise.resolve([]),
    editor ? starterMatches(member) : Promise.resolve({}),
  ])
  const maps = filterMaps(all, filters)
  const personas = [...new Map(all.flatMap((m) => m.personas).map((p) => [p.id, p.name])).entries()].sort((a, b) => a[1].localeCompare(b[1]))
  const creators = [...new Map(all.flatMap((m) => (m.createdBy ? [[m.createdBy.id, m.createdBy.name] as const] : []))).entries()]
  const base = `/w/${member.workspaceSlug}/maps`
  const archivedCount = all.filter((m) => m.archived).length
  return (
    <>
      <PageHeader title={t('title')} description={t('lead')} />
      {all.length > 0 && (
        <form method="get" action={base} className="mb-6 flex flex-wrap items-end gap-3" aria-label={tl('filters')}>
          <FilterSelect name="persona" label={tl('persona')} value={filters.persona} options={[['', tl('anyPersona')], ...personas]} />
          <FilterSelect
            name="template"
            label={tl('template')}
            value={filters.template}
            options={[['', tl('anyTemplate')], ...(Object.keys(MAP_TEMPLATES) as MapTemplate[]).map((k) => [k, t(`templates.${k}`)] as const), ['custom', t('templates.custom')]]}
          />
          <FilterSelect name="owner" label={tl('owner')} value={filters.owner} options={[['', tl('anyOwner')], ...creators]} />
          <FilterSelect
            name="show"
            label={tl('show')}
            value={filters.show}
            options={[
              ['active', tl('showActive')],
              ['archived', tl('showArchived', { count: archivedCount })],
              ['all', tl('showAll')],
            ]}
          />
          <FilterSelect name="sort" label={tl('sort')} value={filters.sort} options={MAP_SORTS.map((k) => [k, tl(`sorts.${k}`)] as const)} />
          <button type="submit" className={buttonClass('secondary')}>
            {tl('apply')}
          </button>
        </form>
      )}
      {all.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={editor ? t('emptyBody') : t('emptyViewer')} icon={<Icon name="maps" className="h-10 w-10" />} />
      ) : maps.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-700">{tl('noneMatch')}</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t('title')}>
          {maps.map((m) => (
            <li key={m.id} className="flex h-full flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="map-card">
              <h2 className="font-semibold text-slate-900">
                <Link href={`${base}/${m.id}`} className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                  {m.name}
                </Link>
                {m.archived && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 align-middle text-xs font-medium text-slate-700">{tl('archived')}</span>}
              </h2>
              <p className="mt-1 text-sm text-slate-600">{t('counts', { stages: m.stages, segments: m.segments, placements: m.placements })}</p>
              {m.personas.length > 0 && <p className="mt-1 text-xs text-slate-700">{tl('personasOn', { names: m.personas.map((p) => p.name).join(', ') })}</p>}
              <p className="mt-2 text-xs text-slate-500">
                {t('updated', { date: format.relativeTime(m.updatedAt) })}
                {m.createdBy && ` · ${tl('createdBy', { name: m.createdBy.name })}`}
              </p>
              {editor && <MapActions workspaceId={member.workspaceId} map={m} canDelete={canDelete} />}
            </li>
          ))}
        </ul>
      )}
      {editor && (
        <div className="mt-8 max-w-3xl">
          <Card title={t('newTitle')} id="new-map">
            <NewMapForm workspaceId={member.workspaceId} templates={templates.map((x) => ({ id: x.id, name: x.name }))} inCatalog={inCatalog} />
          </Card>
        </div>
      )}
      {editor && templates.length > 0 && (
        <div className="mt-8 max-w-3xl">
          <Card title={tl('templatesTitle')} description={tl('templatesLead')} id="workspace-templates">
            <ul className="divide-y divide-slate-100" aria-label={tl('templatesTitle')}>
              {templates.map((x) => (
                <li key={x.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5" data-testid="workspace-template">
                  <span>
                    <span className="font-medium text-slate-900">{x.name}</span>
                    <span className="ml-2 text-xs text-slate-600">{tl('templateCounts', { stages: x.stages, segments: x.segments, cards: x.cards })}</span>
                  </span>
                  <ActionForm action={deleteTemplateAction} hidden={{ workspaceId: member.workspaceId, templateId: x.id }} confirm={tl('deleteTemplateConfirm', { name: x.name })} className="">
                    <SubmitButton variant="ghost">
                      {tl('deleteTemplate')} <span className="sr-only">{x.name}</span>
                    </SubmitButton>
                  </ActionForm>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      )}
      {canDelete && deleted.length > 0 && (
        <div className="mt-8 max-w-3xl">
          <Card title={tl('deletedTitle')} description={tl('deletedLead')} id="deleted-maps">
            <ul className="divide-y divide-slate-100" aria-label={tl('deletedTitle')}>
              {deleted.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5">
                  <span>
                    <span className="font-medium text-slate-900">{d.name}</span>
                    <span className="ml-2 text-xs text-slate-600">{tl('purgeOn', { date: format.dateTime(d.purgeAt, { dateStyle: 'medium' }) })}</span>
                  </span>
                  <ActionForm action={restoreDeletedMapAction} hidden={{ workspaceId: member.workspaceId, mapId: d.id }} className="">
                    <SubmitButton variant="secondary">
                      {tl('restore')} <span className="sr-only">{d.name}</span>
                    </SubmitButton>
                  </ActionForm>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      )}
    </>
  )
}
