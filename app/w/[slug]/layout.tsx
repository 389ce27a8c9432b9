import { getTranslations } from 'next-intl/server'
import { NotificationBell } from '@/components/notifications/notification-bell'
import { Logo } from '@/components/shell/logo'
import { MobileMenu } from '@/components/shell/mobile-menu'
import { NavLinks, type NavItem } from '@/components/shell/nav-links'
import { UserMenu } from '@/components/shell/user-menu'
import { WorkspaceSwitcher } from '@/components/shell/workspace-switcher'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listMyWorkspaces } from '@/lib/workspaces/manage-workspace'

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { session, member } = await requireMemberPage(slug, `/w/${slug}`)
  const [t, tApp, workspaces] = await Promise.all([getTranslations('nav'), getTranslations('app'), listMyWorkspaces(session)])
  const base = `/w/${member.workspaceSlug}`
  const tOwn = await getTranslations('ownership.nav')
  const items: NavItem[] = [
    { href: base, label: tOwn('overview'), icon: 'home', exact: true },
    { href: `${base}/my`, label: tOwn('my'), icon: 'target' },
    { href: `${base}/maps`, label: t('maps'), icon: 'maps' },
    { href: `${base}/touchpoints`, label: t('touchpoints'), icon: 'touchpoints' },
    { href: `${base}/personas`, label: t('personas'), icon: 'personas' },
    { href: `${base}/insights`, label: t('insights'), icon: 'insights' },
    { href: `${base}/analysis`, label: t('analysis'), icon: 'analysis' },
    { href: `${base}/audits`, label: t('audits'), icon: 'audits' },
    { href: `${base}/settings`, label: t('settings'), icon: 'settings' },
  ]
  const userMenu = <UserMenu name={session.user.name} email={session.user.email} labels={{ account: t('account'), signOut: t('signOut') }} accountHref={`/account?from=${encodeURIComponent(member.workspaceSlug)}`} />
  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        {tApp('skipToContent')}
      </a>
      {/* Phones and tablets: a top bar with the workspace, the bell and a menu drawer; from lg: the sidebar. */}
      <aside
        aria-label={t('sidebar')}
        className="sticky top-0 z-30 border-b border-slate-200 bg-white lg:fixed lg:inset-y-0 lg:flex lg:w-64 lg:flex-col lg:border-b-0 lg:border-r"
      >
        <div className="flex items-center gap-2 px-3 py-2 lg:flex-wrap lg:gap-3 lg:px-5 lg:pt-5">
          <Logo />
          <div className="min-w-0 flex-1 lg:order-last lg:basis-full">
            <WorkspaceSwitcher
              current={{ name: member.workspaceName, slug: member.workspaceSlug }}
              workspaces={workspaces}
              labels={{ switch: t('switchWorkspace'), create: t('newWorkspace') }}
            />
          </div>
          <div className="lg:ml-auto">
            <NotificationBell workspaceId={member.workspaceId} userId={session.user.id} slug={member.workspaceSlug} />
          </div>
          <MobileMenu labels={{ open: t('menu'), close: t('closeMenu'), title: t('main') }}>
            <NavLinks items={items} label={t('main')} />
            <div className="mt-3 border-t border-slate-200 pt-3">{userMenu}</div>
          </MobileMenu>
        </div>
        <div className="hidden px-3 py-5 lg:block lg:flex-1">
          <NavLinks items={items} label={t('main')} />
        </div>
        <div className="hidden border-t border-slate-200 p-3 lg:block">{userMenu}</div>
      </aside>
      <div className="min-w-0 lg:flex-1 lg:pl-64">
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8 lg:px-10">
          {children}
        </main>
      </div>
    </div>
  )
}
