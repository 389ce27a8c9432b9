import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { ActionForm } from '@/components/forms/action-form'
import { SubmitButton } from '@/components/forms/submit-button'
import { PersonaAvatar } from '@/components/personas/persona-avatar'
import { PersonaForm } from '@/components/personas/persona-form'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { getPersona } from '@/lib/personas/personas'
import { deletePersonaAction, updatePersonaAction } from '../actions'

export const metadata: Metadata = { title: 'Persona' }

export default async function PersonaPage({ params }: { params: Promise<{ slug: string; personaId: string }> }) {
  const { slug, personaId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/personas/${personaId}`)
  const persona = await getPersona(member, personaId).catch((e) => {
    if (e instanceof NotFoundError) notFound()
    throw e
  })
  const [t, goals] = await Promise.all([getTranslations('personas'), getTranslations('mapEditor.goals')])
  const manage = can(member, 'personas.manage')
  const base = `/w/${member.workspaceSlug}`
  const maps = [...new Map(persona.uses.map((u) => [u.mapId, u.mapName])).entries()]
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`${base}/personas`} className="text-indigo-800 hover:underline">
          ← {t('back')}
        </Link>
      </p>
      <PageHeader title={persona.name} description={`${goals(persona.goal)} · ${persona.priority == null ? t('priorityFromGoal', { priority: persona.effectivePriority }) : t('priorityOverride', { priority: persona.effectivePriority })}`} actions={<PersonaAvatar initials={persona.initials} colour={persona.colour} size="lg" />} />
      <div className="grid max-w-5xl gap-6 lg:grid-cols-[1fr_18rem]">
        <Card>
          {manage ? (
            <PersonaForm workspaceId={member.workspaceId} action={updatePersonaAction} persona={persona} done={`${base}/personas`} />
          ) : (
            <dl className="space-y-4 text-sm">
              {(['profile', 'needs', 'goals', 'frustrations'] as const).map((k) =>
                persona[k] ? (
                  <div key={k}>
                    <dt className="font-medium text-slate-800">{t(`form.${k}`)}</dt>
                    <dd className="whitespace-pre-wrap text-slate-700">{persona[k]}</dd>
                  </div>
                ) : null,
              )}
              {persona.fields.map((f, i) => (
                <div key={i}>
                  <dt className="font-medium text-slate-800">{f.label}</dt>
                  <dd className="whitespace-pre-wrap text-slate-700">{f.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
        <div className="space-y-6">
          <Card title={t('usesTitle')} id="uses">
            {maps.length === 0 ? (
              <p className="text-sm text-slate-600">{t('unused')}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {maps.map(([id, name]) => (
                  <li key={id}>
                    <Link href={`${base}/maps/${id}`} className="font-medium text-indigo-800 hover:underline">
                      {name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {manage && (
            <Card title={t('deleteTitle')} tone="danger" id="delete">
              <p className="mb-3 text-sm text-slate-700">{maps.length ? t('deleteInUse', { count: maps.length }) : t('deleteLead')}</p>
              <ActionForm action={deletePersonaAction} hidden={{ workspaceId: member.workspaceId, personaId: persona.id, returnTo: `${base}/personas` }} confirm={t('deleteConfirm', { name: persona.name })}>
                <SubmitButton variant="danger">{t('delete')}</SubmitButton>
              </ActionForm>
            </Card>
          )}
        </div>
      </div>
    </>
  )
}
