import { getTranslations } from 'next-intl/server'
import { NavLinks, type NavItem } from '@/components/shell/nav-links'
import { PageHeader } from '@/components/ui/page-header'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { can } from '@/lib/auth/membership'

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings`)
  const t = await getTranslations('settings')
  const [tk, tm, tw] = await Promise.all([getTranslations('apiKeys'), getTranslations('metrics'), getTranslations('webhooks')])
  const base = `/w/${member.workspaceSlug}/settings`
  const items: NavItem[] = [
    { href: `${base}/general`, label: t('nav.general'), icon: 'sliders' },
    { href: `${base}/members`, label: t('nav.members'), icon: 'users' },
    { href: `${base}/roles`, label: t('nav.roles'), icon: 'shield' },
    { href: `${base}/departments`, label: t('nav.departments'), icon: 'building' },
    ...(can(member, 'sso.manage') ? [{ href: `${base}/sso`, label: t('nav.sso'), icon: 'key' } as NavItem] : []),
    { href: `${base}/metrics`, label: tm('nav'), icon: 'kpis' },
    ...(can(member, 'apikeys.manage') ? [{ href: `${base}/api-keys`, label: tk('nav'), icon: 'code' } as NavItem] : []),
    ...(can(member, 'webhooks.manage') ? [{ href: `${base}/webhooks`, label: tw('nav'), icon: 'send' } as NavItem] : []),
    ...(can(member, 'activity.read') ? [{ href: `${base}/activity`, label: t('nav.activity'), icon: 'clock' } as NavItem] : []),
  ]
  return (
    <>
      <PageHeader title={t('title')} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[12rem_1fr] lg:gap-8">
        <div>
          <NavLinks items={items} label={t('title')} layout="tabs" />
        </div>
        <div className="min-w-0 space-y-6">{children}</div>
      </div>
    </>
  )
}
