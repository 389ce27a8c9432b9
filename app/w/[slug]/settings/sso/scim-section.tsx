import { ActionForm } from '@/components/forms/action-form'
import { SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { ScimTokenForm } from '@/components/sso/scim-token-form'
import { CopyValue } from '@/components/sso/copy-value'
import type { GroupMappingView } from '@/lib/scim/groups'
import type { ScimStatus } from '@/lib/sso/connection-status'
import { createScimTokenAction, mapScimGroupAction, revokeScimTokenAction } from './actions'
import type { Format, T } from './sso-parts'

export function ScimSection({
  t,
  format,
  hidden,
  connectionId,
  scimUrl,
  scim,
  groups,
  roleOptions,
  roleName,
}: {
  t: T
  format: Format
  hidden: { workspaceId: string }
  connectionId: string
  scimUrl: string
  scim: ScimStatus
  groups: GroupMappingView[]
  roleOptions: React.ReactNode
  roleName: (key: string) => string
}) {
  const date = (d: Date) => format.dateTime(d, 'dateTime')
  return (
    <section className="mt-6 min-w-0 space-y-3">
      <h3 className="text-sm font-semibold text-slate-900">{t('settings.scimTitle')}</h3>
      <p className="text-sm text-slate-600">{t('settings.scimLead')}</p>
      <CopyValue label={t('settings.scimUrl')} value={scimUrl} />
      <h4 className="text-sm font-medium text-slate-800">{t('settings.scimTokens')}</h4>
      {scim.tokens.length === 0 ? (
        <p className="text-sm text-slate-600">{t('settings.scimNoTokens')}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {scim.tokens.map((tok) => (
            <li key={tok.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0 break-all text-slate-800">
                {t('settings.scimTokenRow', {
                  prefix: tok.prefix,
                  date: date(tok.createdAt),
                  used: tok.lastUsedAt ? t('settings.scimTokenUsed', { date: date(tok.lastUsedAt) }) : t('settings.scimTokenUnused'),
                })}
              </span>
              <ActionForm action={revokeScimTokenAction} hidden={{ ...hidden, tokenId: tok.id }} confirm={t('settings.scimRevokeConfirm')}>
                <SubmitButton variant="ghost">
                  {t('settings.scimRevoke')} <span className="sr-only">{tok.prefix}</span>
                </SubmitButton>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      <ScimTokenForm workspaceId={hidden.workspaceId} connectionId={connectionId} action={createScimTokenAction} />
      <h4 className="pt-2 text-sm font-medium text-slate-800">{t('settings.groupsTitle')}</h4>
      <p className="text-sm text-slate-600">{t('settings.groupsLead')}</p>
      {groups.length === 0 ? (
        <p className="text-sm text-slate-600">{t('settings.groupsEmpty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {groups.map((g) => (
            <li key={g.id} className="py-2">
              <ActionForm action={mapScimGroupAction} hidden={{ ...hidden, groupId: g.id }} className="flex flex-wrap items-end gap-3">
                <p className="min-w-0 flex-1 basis-48 text-sm text-slate-800">{t('settings.groupRow', { name: g.displayName, members: g.members })}</p>
                <div className="basis-48">
                  <SelectField name="role" label={t('settings.groupRole', { name: g.displayName })} hideLabel defaultValue={g.roleKey ?? ''}>
                    <option value="">{t('settings.groupRoleDefault')}</option>
                    {roleOptions}
                  </SelectField>
                </div>
                <SubmitButton variant="secondary">
                  {t('settings.groupSave')} <span className="sr-only">{g.roleKey ? roleName(g.roleKey) : g.displayName}</span>
                </SubmitButton>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
