import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Icon } from '@/components/shell/icons'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listMaps } from '@/lib/maps/maps'
import { MAP_TEMPLATES, type MapTemplate } from '@/lib/maps/model'
import { createMapAction } from './actions'

export const metadata: Metadata = { title: 'Maps' }

export default async function MapsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps`)
  const [t, format, maps] = await Promise.all([getTranslations('maps'), getFormatter(), listMaps(member)])
  const editor = can(member, 'maps.edit')
  const templates = Object.keys(MAP_TEMPLATES) as MapTemplate[]
  return (
    <>
      <PageHeader title={t('title')} description={t('lead')} />
      {maps.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={editor ? t('emptyBody') : t('emptyViewer')} icon={<Icon name="maps" className="h-10 w-10" />} />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t('title')}>
          {maps.map((m) => (
            <li key={m.id}>
              <Link
                href={`/w/${member.workspaceSlug}/maps/${m.id}`}
                className="block h-full rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-indigo-300 hover:shadow focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <h2 className="font-semibold text-slate-900">{m.name}</h2>
                <p className="mt-1 text-sm text-slate-600">{t('counts', { stages: m.stages, segments: m.segments, placements: m.placements })}</p>
                <p className="mt-2 text-xs text-slate-500">{t('updated', { date: format.relativeTime(m.updatedAt) })}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {editor && (
        <div className="mt-8 max-w-2xl">
          <Card title={t('newTitle')} id="new-map">
            <ActionForm action={createMapAction} hidden={{ workspaceId: member.workspaceId }} className="grid gap-4">
              <Field name="name" label={t('name')} placeholder={t('namePlaceholder')} required maxLength={120} />
              <SelectField name="template" label={t('template')} defaultValue="lifecycle">
                {templates.map((k) => (
                  <option key={k} value={k}>
                    {t(`templates.${k}`)}
                  </option>
                ))}
              </SelectField>
              <div>
                <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        </div>
      )}
    </>
  )
}
