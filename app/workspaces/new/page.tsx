import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'
import { CreateWorkspaceForm } from '@/components/workspace/create-workspace-form'
import { requireSessionPage } from '@/lib/auth/page-guards'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'
import { createWorkspaceAction } from './actions'

export const metadata: Metadata = { title: 'Create a workspace' }

export default async function NewWorkspacePage() {
  const session = await requireSessionPage('/workspaces/new')
  const t = await getTranslations('workspace')
  const mine = await listMyWorkspaces(session.user.id)
  return (
    <AuthCard title={t('newTitle')} lead={mine.length ? t('newLead') : `${t('none')} ${t('newLead')}`}>
      <CreateWorkspaceForm action={createWorkspaceAction} />
    </AuthCard>
  )
}
