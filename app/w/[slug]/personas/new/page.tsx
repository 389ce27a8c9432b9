import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { PersonaForm } from '@/components/personas/persona-form'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { createPersonaAction } from '../actions'

export const metadata: Metadata = { title: 'New persona' }

export default async function NewPersonaPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/personas/new`)
  if (!can(member, 'personas.manage')) notFound()
  const t = await getTranslations('personas')
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newLead')} />
      <div className="max-w-4xl">
        <Card>
          <PersonaForm workspaceId={member.workspaceId} action={createPersonaAction} done={`/w/${member.workspaceSlug}/personas`} />
        </Card>
      </div>
    </>
  )
}
