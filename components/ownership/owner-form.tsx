'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { assignOwnerAction } from '@/app/w/[slug]/touchpoints/[touchpointId]/actions'
import { ActionForm } from '@/components/forms/action-form'
import { SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import type { Person } from '@/lib/ownership/queries'

/** The "Assign owner" control of a touchpoint's page: a person and a department, for members who assign owners. */
export function OwnerForm(props: { workspaceId: string; touchpointId: string; ownerUserId: string | null; ownerDepartmentId: string | null; members: Person[]; departments: Person[] }) {
  const t = useTranslations('ownership.owner')
  const router = useRouter()
  return (
    <ActionForm
      action={assignOwnerAction}
      hidden={{ workspaceId: props.workspaceId, touchpointId: props.touchpointId }}
      success={t('saved')}
      onSuccess={() => router.refresh()}
      aria-label={t('title')}
      // The current values are the defaults: a new owner from elsewhere re-keys the form.
      key={`${props.ownerUserId ?? ''}|${props.ownerDepartmentId ?? ''}`}
    >
      <SelectField name="ownerUserId" label={t('person')} defaultValue={props.ownerUserId ?? ''}>
        <option value="">{t('noPerson')}</option>
        {props.members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <SelectField name="ownerDepartmentId" label={t('department')} defaultValue={props.ownerDepartmentId ?? ''}>
        <option value="">{t('noDepartment')}</option>
        {props.departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <SubmitButton pendingLabel={t('saving')}>{t('save')}</SubmitButton>
    </ActionForm>
  )
}
