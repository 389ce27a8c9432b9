import { getTranslations } from 'next-intl/server'
import { NotificationBell } from '@/components/notifications/notification-bell'
import { Logo } from '@/components/shell/logo'
import { NavLinks, type NavItem } from '@/components/shell/nav-links'
import { UserMenu } from '@/components/shell/user-menu'
import { WorkspaceSwitcher } from '@/components/shell/workspace-switcher'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { session, member } = await requireMemberPage(slug, `/w/${slug}/maps`)
  const [t, tApp, workspaces] = await Promise.all([getTranslations('nav'), getTranslations('app'), listMyWorkspaces(session)])
  const base = `/w/${member.workspaceSlug}`
  const tOwn = await getTranslations('ownership.nav')
  const items: NavItem[] = [
    { href: base, label: tOwn('overview'), icon: 'check', exact: true },
    { href: `${base}/my`, label: tOwn('my'), icon: 'user' },
    { href: `${base}/maps`, label: t('maps'), icon: 'maps' },
    { href: `${base}/touchpoints`, label: t('touchpoints'), icon: 'touchpoints' },
    { href: `${base}/insights`, label: t('insights'), icon: 'insights' },
    { href: `${base}/analysis`, label: t('analysis'), icon: 'analysis' },
    { href: `${base}/audits`, label: t('audits'), icon: 'audits' },
    { href: `${base}/settings`, label: t('settings'), icon: 'settings' },
  ]
  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        {tApp('skipToContent')}
      </a>
      <aside className="border-b border-slate-200 bg-white lg:fixed lg:inset-y-0 lg:flex lg:w-64 lg:flex-col lg:border-b-0 lg:border-r">
        <div className="flex items-center gap-3 px-4 pt-4 lg:px-5 lg:pt-5">
          <Logo />
          <div className="min-w-0 flex-1">
            <WorkspaceSwitcher
              current={{ name: member.workspaceName, slug: member.workspaceSlug }}
              workspaces={workspaces}
              labels={{ switch: t('switchWorkspace'), create: t('newWorkspace') }}
            />
          </div>
          <NotificationBell workspaceId={member.workspaceId} userId={session.user.id} slug={member.workspaceSlug} />
        </div>
        <div className="px-2 py-3 lg:flex-1 lg:px-3 lg:py-5">
          <NavLinks items={items} label={t('main')} />
        </div>
        <div className="hidden border-t border-slate-200 p-3 lg:block">
          <UserMenu name={session.user.name} email={session.user.email} labels={{ account: t('account'), signOut: t('signOut') }} />
        </div>
      </aside>
      <div className="lg:min-w-0 lg:flex-1 lg:pl-64">
        <div className="flex justify-end border-b border-slate-200 bg-white px-4 py-2 lg:hidden">
          <UserMenu name={session.user.name} email={session.user.email} labels={{ account: t('account'), signOut: t('signOut') }} />
        </div>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-10">
          {children}
        </main>
      </div>
    </div>
  )
}
