import { getTranslations } from 'next-intl/server'
import { NavLinks, type NavItem } from '@/components/shell/nav-links'
import { PageHeader } from '@/components/ui/page-header'

/** The analysis section: one header, and its views as tabs (each its own address, so a view can be linked and bookmarked). */
export default async function AnalysisLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const t = await getTranslations('analysis')
  const base = `/w/${encodeURIComponent(slug)}/analysis`
  const items: NavItem[] = [
    { href: base, label: t('tabs.improve'), exact: true },
    { href: `${base}/distribution`, label: t('tabs.distribution') },
  ]
  return (
    <>
      <PageHeader title={t('title')} description={t('lead')} />
      <div className="mb-6 border-b border-slate-200 pb-2">
        <NavLinks items={items} label={t('tabs.label')} layout="row" />
      </div>
      {children}
    </>
  )
}
