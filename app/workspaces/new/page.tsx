import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { AuthCard } from '@/components/auth/auth-card'
import { CreateWorkspaceForm } from '@/components/workspace/create-workspace-form'
import { requireSessionPage } from '@/lib/auth/page-guards'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'
import { signOutAction } from '@/app/account/actions'
import { createWorkspaceAction } from './actions'

export const metadata: Metadata = { title: 'Create a workspace' }

export default async function NewWorkspacePage() {
  const session = await requireSessionPage('/workspaces/new')
  const t = await getTranslations('workspace')
  if (session.ssoWorkspaceId) {
    // An SSO session opens its connection's workspace only (lib/auth/membership.ts): creating one needs the person's own sign-in.
    const ts = await getTranslations('sso.scope')
    return (
      <AuthCard title={ts('title')} lead={ts('lead')}>
        <form action={signOutAction}>
          <button type="submit" className="w-full rounded-md bg-indigo-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            {ts('signOut')}
          </button>
        </form>
      </AuthCard>
    )
  }
  const mine = await listMyWorkspaces(session)
  return (
    <AuthCard title={t('newTitle')} lead={mine.length ? t('newLead') : `${t('none')} ${t('newLead')}`}>
      <CreateWorkspaceForm action={createWorkspaceAction} />
    </AuthCard>
  )
}
