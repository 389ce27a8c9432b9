import type { Metadata } from 'next'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field, SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listDepartments } from '@/lib/departments/departments'
import { listPendingInvitations } from '@/lib/invitations/invitations'
import { listMembers } from '@/lib/members/list-members'
import { ROLE_KEYS, roleTable } from '@/lib/rbac/permissions'
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction, revokeInvitationAction, setMemberDepartmentAction } from './actions'

export const metadata: Metadata = { title: 'Members' }

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/members`)
  const [t, tr, tc, format, members, departments, ranks] = await Promise.all([
    getTranslations('settings.members'),
    getTranslations('roles'),
    getTranslations('common'),
    getFormatter(),
    listMembers(member),
    listDepartments(member),
    roleTable(),
  ])
  const invitations = can(member, 'members.invite') ? await listPendingInvitations(member) : []
  const hidden = { workspaceId: member.workspaceId }
  const grantable = ROLE_KEYS.filter((r) => (ranks.get(r)?.rank ?? 0) <= member.rank)
  const manage = can(member, 'members.manage')
  const roleOptions = grantable.map((r) => (
    <option key={r} value={r}>
      {tr(r)}
    </option>
  ))
  const departmentOptions = [
    <option key="" value="">
      {t('noDepartment')}
    </option>,
    ...departments.map((d) => (
      <option key={d.id} value={d.id}>
        {d.name}
      </option>
    )),
  ]
  return (
    <>
      {can(member, 'members.invite') && (
        <Card title={t('inviteTitle')} id="invite">
          <ActionForm action={inviteMemberAction} hidden={hidden} success={t('invited')} resetOnSuccess className="grid gap-4 sm:grid-cols-2 sm:items-end xl:grid-cols-[1fr_9rem_11rem_auto]">
            <Field name="email" type="email" label={t('email')} placeholder="colleague@company.com" required autoComplete="off" />
            <SelectField name="role" label={t('role')} defaultValue="editor">
              {roleOptions}
            </SelectField>
            <SelectField name="departmentId" label={t('department')} defaultValue="">
              {departmentOptions}
            </SelectField>
            <SubmitButton pendingLabel={t('inviting')}>{t('invite')}</SubmitButton>
          </ActionForm>
        </Card>
      )}

      {can(member, 'members.invite') && (
        <Card title={t('pendingTitle')} id="pending">
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-600">{t('noPending')}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {invitations.map((inv) => (
                <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5">
                  <div className="text-sm">
                    <span className="font-medium text-slate-900">{inv.email}</span>{' '}
                    <span className="text-slate-600">
                      · {tr(inv.role as 'owner')}
                      {inv.departmentName ? ` · ${inv.departmentName}` : ''} · {t('expires', { date: format.dateTime(inv.expiresAt, 'date') })}
                    </span>
                  </div>
                  <ActionForm action={revokeInvitationAction} hidden={{ ...hidden, invitationId: inv.id }} className="">
                    <SubmitButton variant="ghost">
                      {t('revoke')} <span className="sr-only">{inv.email}</span>
                    </SubmitButton>
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <Card title={`${t('title')} (${members.length})`} id="members">
        <div className="relative overflow-x-auto">
          {/* On a phone each member is a block (name, role, department, joined), each part named, instead of a cramped row. */}
          <table className="w-full text-left text-sm max-sm:block">
            <thead className="text-xs uppercase tracking-wide text-slate-500 max-sm:hidden">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">{t('member')}</th>
                <th scope="col" className="py-2 pr-4 font-medium">{t('role')}</th>
                <th scope="col" className="py-2 pr-4 font-medium">{t('department')}</th>
                <th scope="col" className="py-2 pr-4 font-medium">{t('joined')}</th>
                {manage && <th scope="col" className="py-2 font-medium"><span className="sr-only">{t('actions')}</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-sm:block">
              {members.map((m) => {
                const editable = manage && m.userId !== member.userId && (ranks.get(m.role as 'owner')?.rank ?? 0) <= member.rank
                return (
                  <tr key={m.userId} className="align-middle max-sm:grid max-sm:gap-2 max-sm:py-3">
                    <td className="py-2.5 pr-4 max-sm:p-0">
                      <div className="font-medium text-slate-900">
                        {m.name ?? m.email}
                        {m.userId === member.userId && <span className="ml-1 text-xs font-normal text-slate-500">({tc('you')})</span>}
                      </div>
                      {m.name && <div className="text-xs text-slate-500">{m.email}</div>}
                    </td>
                    <td className="py-2.5 pr-4 max-sm:p-0">
                      <span className="block text-xs text-slate-500 sm:hidden" aria-hidden="true">{t('role')}</span>
                      {editable ? (
                        <ActionForm action={changeMemberRoleAction} hidden={{ ...hidden, userId: m.userId }} className="flex items-center gap-2">
                          <SelectField name="role" label={t('changeRole', { email: m.email })} hideLabel defaultValue={m.role}>
                            {roleOptions}
                          </SelectField>
                          <SubmitButton variant="secondary">{tc('save')}</SubmitButton>
                        </ActionForm>
                      ) : (
                        tr(m.role as 'owner')
                      )}
                    </td>
                    <td className="py-2.5 pr-4 max-sm:p-0">
                      <span className="block text-xs text-slate-500 sm:hidden" aria-hidden="true">{t('department')}</span>
                      {manage ? (
                        <ActionForm action={setMemberDepartmentAction} hidden={{ ...hidden, userId: m.userId }} className="flex items-center gap-2">
                          <SelectField name="departmentId" label={t('changeDepartment', { email: m.email })} hideLabel defaultValue={m.departmentId ?? ''}>
                            {departmentOptions}
                          </SelectField>
                          <SubmitButton variant="secondary">{tc('save')}</SubmitButton>
                        </ActionForm>
                      ) : (
                        (m.departmentName ?? '—')
                      )}
                    </td>
                    <td className="py-2.5 pr-4 text-slate-600 max-sm:p-0">
                      <span className="text-xs text-slate-500 sm:hidden" aria-hidden="true">{t('joined')} </span>
                      {format.dateTime(m.joinedAt, 'date')}
                    </td>
                    {manage && (
                      <td className="py-2.5 text-right max-sm:p-0 max-sm:text-left">
                        {editable && (
                          <ActionForm action={removeMemberAction} hidden={{ ...hidden, userId: m.userId }} confirm={t('removeConfirm', { email: m.email })} className="">
                            <SubmitButton variant="ghost">
                              {tc('remove')} <span className="sr-only">{m.email}</span>
                            </SubmitButton>
                          </ActionForm>
                        )}
                      </td>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  )
}
