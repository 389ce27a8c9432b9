import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { cookies } from 'next/headers'
import { notFound } from 'next/navigation'
import { SharePassword } from '@/components/sharing/share-password'
import { SharedMapView } from '@/components/sharing/shared-map-view'
import { openShareLink, touchShareLink, unlockCookieName, unlocked } from '@/lib/sharing/share-links'
import { sharedMap } from '@/lib/sharing/share-view'

/** Never indexed, and no referrer carries the token to other sites. */
export const metadata: Metadata = { title: 'Shared map', robots: { index: false, follow: false }, referrer: 'no-referrer' }

/** A map shared by link: no sign-in, read-only, live; a 404 once the link is revoked or expires. */
export default async function SharedMapPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const link = await openShareLink(token)
  if (!link) notFound()
  const t = await getTranslations('sharing.view')
  const jar = await cookies()
  if (!unlocked(link, jar.get(unlockCookieName(link))?.value)) {
    return (
      <main className="mx-auto max-w-md px-4 py-16">
        <SharePassword token={token} />
      </main>
    )
  }
  const map = await sharedMap(link)
  if (!map) notFound()
  void touchShareLink(link)
  return (
    <main className="mx-auto max-w-[100rem] px-4 py-6 sm:px-6" aria-label={t('sharedMap')}>
      <SharedMapView token={token} initial={map} />
    </main>
  )
}
