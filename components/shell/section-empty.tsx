import { getTranslations } from 'next-intl/server'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { Icon, type IconName } from './icons'

type Section = 'touchpoints' | 'insights' | 'analysis' | 'audits'

/** A section that has no content yet: its title and an honest empty state that teaches the method. */
export async function SectionEmpty({ section, icon }: { section: Section; icon: IconName }) {
  const t = await getTranslations(`sections.${section}`)
  return (
    <>
      <PageHeader title={t('title')} />
      <EmptyState title={t('emptyTitle')} body={t('emptyBody')} icon={<Icon name={icon} className="h-10 w-10" />} />
    </>
  )
}
