import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { NotificationCentre } from '@/components/notifications/notification-centre'
import { PageHeader } from '@/components/ui/page-header'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listNotifications } from '@/lib/notifications/notifications'

export const metadata: Metadata = { title: 'Notifications' }

export default async function NotificationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/notifications`)
  const [t, first] = await Promise.all([getTranslations('notifications'), listNotifications(member, { limit: 30 })])
  return (
    <>
      <PageHeader title={t('pageTitle')} description={t('pageDescription', { workspace: member.workspaceName })} />
      <NotificationCentre workspaceId={member.workspaceId} userId={member.userId} slug={member.workspaceSlug} initialPage={first} />
    </>
  )
}
