import { getTranslations } from 'next-intl/server'
import { NavLinks, type NavItem } from '@/components/shell/nav-links'
import { PageHeader } from '@/components/ui/page-header'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { can } from '@/lib/auth/membership'

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings`)
  const t = await getTranslations('settings')
  const tk = await getTranslations('apiKeys')
  const base = `/w/${member.workspaceSlug}/settings`
  const items: NavItem[] = [
    { href: `${base}/general`, label: t('nav.general'), icon: 'settings' },
    { href: `${base}/members`, label: t('nav.members'), icon: 'user' },
    { href: `${base}/roles`, label: t('nav.roles'), icon: 'check' },
    { href: `${base}/departments`, label: t('nav.departments'), icon: 'touchpoints' },
    ...(can(member, 'sso.manage') ? [{ href: `${base}/sso`, label: t('nav.sso'), icon: 'audits' } as NavItem] : []),
    ...(can(member, 'apikeys.manage') ? [{ href: `${base}/api-keys`, label: tk('nav'), icon: 'settings' } as NavItem] : []),
    ...(can(member, 'activity.read') ? [{ href: `${base}/activity`, label: t('nav.activity'), icon: 'analysis' } as NavItem] : []),
  ]
  return (
    <>
      <PageHeader title={t('title')} />
      <div className="grid gap-8 lg:grid-cols-[12rem_1fr]">
        <div>
          <NavLinks items={items} label={t('title')} />
        </div>
        <div className="min-w-0 space-y-6">{children}</div>
      </div>
    </>
  )
}
