import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Card } from '@/components/ui/card'
import { can } from '@/lib/auth/membership'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { listDepartments } from '@/lib/departments/departments'
import { listMembers } from '@/lib/members/list-members'
import { createDepartmentAction, deleteDepartmentAction, renameDepartmentAction } from './actions'

export const metadata: Metadata = { title: 'Departments' }

export default async function DepartmentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { member } = await requireMemberPage(slug, `/w/${slug}/settings/departments`)
  const [t, tc, departments, members] = await Promise.all([getTranslations('settings.departments'), getTranslations('common'), listDepartments(member), listMembers(member)])
  const manage = can(member, 'departments.manage')
  const hidden = { workspaceId: member.workspaceId }
  return (
    <Card title={t('title')} description={t('lead')} id="departments">
      {departments.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {departments.map((d) => {
            const count = members.filter((m) => m.departmentId === d.id).length
            return (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5">
                {manage ? (
                  <ActionForm action={renameDepartmentAction} hidden={{ ...hidden, departmentId: d.id }} className="flex flex-1 items-end gap-2">
                    <div className="min-w-48 flex-1">
                      <Field name="name" label={`${tc('rename')} ${d.name}`} hideLabel defaultValue={d.name} maxLength={60} required />
                    </div>
                    <SubmitButton variant="secondary">{tc('save')}</SubmitButton>
                  </ActionForm>
                ) : (
                  <span className="font-medium text-slate-900">{d.name}</span>
                )}
                <span className="text-sm text-slate-600">{t('members', { count })}</span>
                {manage && (
                  <ActionForm action={deleteDepartmentAction} hidden={{ ...hidden, departmentId: d.id }} confirm={t('deleteConfirm', { name: d.name })} className="">
                    <SubmitButton variant="ghost">
                      {tc('delete')} <span className="sr-only">{d.name}</span>
                    </SubmitButton>
                  </ActionForm>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {manage && (
        <ActionForm action={createDepartmentAction} hidden={hidden} resetOnSuccess className="mt-5 flex flex-wrap items-end gap-3 border-t border-slate-100 pt-5">
          <div className="min-w-56 flex-1">
            <Field name="name" label={t('name')} placeholder="Customer success" maxLength={60} required />
          </div>
          <SubmitButton>{t('add')}</SubmitButton>
        </ActionForm>
      )}
    </Card>
  )
}
