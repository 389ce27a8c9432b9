import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { CardsChoice } from '@/components/maps/cards-choice'
import { ShareLinkForm } from '@/components/sharing/share-link-form'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError } from '@/lib/errors'
import { getMap } from '@/lib/maps/maps'
import { listShareLinks } from '@/lib/sharing/share-links'
import { saveTemplateAction } from '../../actions'
import { revokeShareLinkAction } from './actions'

export const metadata: Metadata = { title: 'Share and present' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A map's share links (managers and up), saving it as a template (editors and up), and present mode (everyone). */
export default async function ShareMapPage({ params }: { params: Promise<{ slug: string; mapId: string }> }) {
  const { slug, mapId } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/maps/${mapId}/share`)
  if (!UUID.test(mapId)) notFound()
  const map = await getMap(member, mapId).catch((e) => {
    if (e instanceof NotFoundError) notFound()
    throw e
  })
  const canShare = can(member, 'maps.share')
  const canEdit = can(member, 'maps.edit')
  const [t, format, links] = await Promise.all([getTranslations('sharing.manage'), getFormatter(), canShare ? listShareLinks(member, mapId) : Promise.resolve([])])
  const base = `/w/${member.workspaceSlug}/maps/${mapId}`
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={base} className="text-indigo-800 hover:underline">
          ← {t('back', { name: map.name })}
        </Link>
      </p>
      <PageHeader
        title={t('title', { name: map.name })}
        description={t('lead')}
        actions={
          <Link href={`${base}/present`} className="rounded-md bg-indigo-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            {t('present')}
          </Link>
        }
      />
      <div className="grid max-w-5xl gap-6">
        {canShare ? (
          <Card title={t('linksTitle')} description={t('linksLead')} id="share-links">
            {links.length === 0 ? (
              <p className="mb-4 text-sm text-slate-600">{t('noLinks')}</p>
            ) : (
              <ul className="mb-5 divide-y divide-slate-100" aria-label={t('linksTitle')}>
                {links.map((l) => (
                  <li key={l.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5" data-testid="share-link">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{l.label || t('unlabelled')}</p>
                      <p className="text-xs text-slate-600">
                        {[
                          l.active ? t('active') : l.revokedAt ? t('revoked') : t('expired'),
                          l.showDetails ? t('withDetails') : t('withoutDetails'),
                          l.hasPassword ? t('withPassword') : null,
                          l.expiresAt ? t('expires', { date: format.dateTime(l.expiresAt, { dateStyle: 'medium' }) }) : t('noExpiry'),
                          l.lastViewedAt ? t('lastViewed', { date: format.relativeTime(l.lastViewedAt) }) : t('neverViewed'),
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                    </div>
                    {l.active && (
                      <ActionForm action={revokeShareLinkAction} hidden={{ workspaceId: member.workspaceId, linkId: l.id }} confirm={t('revokeConfirm')} className="">
                        <SubmitButton variant="secondary">
                          {t('revoke')} <span className="sr-only">{l.label || t('unlabelled')}</span>
                        </SubmitButton>
                      </ActionForm>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <ShareLinkForm workspaceId={member.workspaceId} mapId={mapId} />
          </Card>
        ) : (
          <Card title={t('linksTitle')}>
            <p className="text-sm text-slate-600">{t('managersShare')}</p>
          </Card>
        )}
        {canEdit && (
          <Card title={t('templateTitle')} description={t('templateLead')} id="save-template">
            <ActionForm action={saveTemplateAction} hidden={{ workspaceId: member.workspaceId, mapId }} success={t('templateSaved')} className="grid gap-4 sm:grid-cols-2">
              <Field name="name" label={t('templateName')} defaultValue={map.name} maxLength={120} required />
              <CardsChoice legend={t('templateKeeps')} withLabel={t('templateWithCards')} withoutLabel={t('templateStructure')} defaultValue="without" />
              <div className="sm:col-span-2">
                <SubmitButton>{t('saveTemplate')}</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        )}
      </div>
    </>
  )
}
