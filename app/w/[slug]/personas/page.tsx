import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { LiveRefresh } from '@/components/ownership/live-refresh'
import { PersonaAvatar } from '@/components/personas/persona-avatar'
import { Icon } from '@/components/shell/icons'
import { buttonClass } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listPersonas } from '@/lib/personas/personas'

export const metadata: Metadata = { title: 'Personas' }

export default async function PersonasPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/personas`)
  const [t, goals, personas] = await Promise.all([getTranslations('personas'), getTranslations('mapEditor.goals'), listPersonas(member)])
  const manage = can(member, 'personas.manage')
  const base = `/w/${member.workspaceSlug}`
  const add = manage ? (
    <Link href={`${base}/personas/new`} className={buttonClass('primary')}>
      <Icon name="plus" className="h-4 w-4" />
      {t('add')}
    </Link>
  ) : undefined
  return (
    <>
      <LiveRefresh workspaceId={member.workspaceId} topics={['personas', 'maps']} />
      <PageHeader title={t('title')} description={t('lead')} actions={add} />
      {personas.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={manage ? t('emptyBody') : t('emptyViewer')} icon={<Icon name="personas" className="h-10 w-10" />} action={add} />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label={t('title')}>
          {personas.map((p) => {
            const maps = [...new Map(p.uses.map((u) => [u.mapId, u.mapName])).entries()]
            return (
              <li key={p.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="persona-card">
                <div className="flex items-start gap-3">
                  <PersonaAvatar initials={p.initials} colour={p.colour} />
                  <div className="min-w-0 flex-1">
                    <h2 className="break-words font-semibold text-slate-900">
                      <Link href={`${base}/personas/${p.id}`} className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                        {p.name}
                      </Link>
                    </h2>
                    <p className="text-sm text-slate-700">
                      {goals(p.goal)} · {p.priority == null ? t('priorityFromGoal', { priority: p.effectivePriority }) : t('priorityOverride', { priority: p.effectivePriority })}
                    </p>
                  </div>
                </div>
                {p.profile && <p className="mt-3 line-clamp-3 text-sm text-slate-700">{p.profile}</p>}
                <p className="mt-auto pt-3 text-xs text-slate-600">
                  {maps.length === 0 ? (
                    t('unused')
                  ) : (
                    <>
                      {t('usedOn', { count: maps.length })}{' '}
                      {maps.map(([id, name], i) => (
                        <span key={id}>
                          {i > 0 && ', '}
                          <Link href={`${base}/maps/${id}`} className="font-medium text-indigo-800 hover:underline">
                            {name}
                          </Link>
                        </span>
                      ))}
                    </>
                  )}
                </p>
              </li>
            )
          })}
        </ul>
      )}
    </>
  )
}
