import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Card } from '@/components/ui/card'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { can } from '@/lib/auth/membership'
import { listMaps } from '@/lib/maps/maps'
import { deleteWorkspaceAction, leaveWorkspaceAction, renameWorkspaceAction, repairMapAction } from '../actions'

export const metadata: Metadata = { title: 'Settings' }

export default async function GeneralSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/general`)
  const [t, tc] = await Promise.all([getTranslations('settings.general'), getTranslations('common')])
  const hidden = { workspaceId: member.workspaceId }
  const admin = can(member, 'workspace.update')
  const mapsForRepair = admin ? await listMaps(member) : []
  return (
    <>
      <Card title={t('renameTitle')} id="rename" description={can(member, 'workspace.update') ? undefined : t('readOnly')}>
        <ActionForm action={renameWorkspaceAction} hidden={hidden} success={tc('saved')} className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <Field name="name" label={t('renameTitle')} hideLabel defaultValue={member.workspaceName} maxLength={80} required disabled={!can(member, 'workspace.update')} />
          </div>
          {can(member, 'workspace.update') && <SubmitButton pendingLabel={tc('saving')}>{tc('save')}</SubmitButton>}
        </ActionForm>
      </Card>
      {admin && (
        <Card title={t('repairTitle')} id="repair" description={t('repairBody')}>
          {mapsForRepair.length === 0 ? (
            <p className="text-sm text-slate-600">{t('repairNoMaps')}</p>
          ) : (
            <ActionForm action={repairMapAction} hidden={hidden} success={t('repaired')} className="flex flex-wrap items-end gap-3">
              <div className="min-w-0 flex-1 basis-56">
                <SelectField name="mapId" label={t('repairMap')}>
                  {mapsForRepair.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </SelectField>
              </div>
              <SubmitButton variant="secondary" pendingLabel={t('repairing')}>
                {t('repairSubmit')}
              </SubmitButton>
            </ActionForm>
          )}
        </Card>
      )}
      <Card title={t('leaveTitle')} id="leave" description={t('leaveBody')}>
        <ActionForm action={leaveWorkspaceAction} hidden={hidden} confirm={`${t('leaveTitle')}?`}>
          <SubmitButton variant="secondary">{t('leave')}</SubmitButton>
        </ActionForm>
      </Card>
      {can(member, 'workspace.delete') && (
        <Card title={t('deleteTitle')} id="delete" description={t('deleteBody')} tone="danger">
          <ActionForm action={deleteWorkspaceAction} hidden={hidden}>
            <Field name="confirmName" label={t('deleteConfirm', { name: member.workspaceName })} autoComplete="off" required />
            <SubmitButton variant="danger">{t('delete')}</SubmitButton>
          </ActionForm>
        </Card>
      )}
    </>
  )
}
