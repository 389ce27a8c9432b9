'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { assignOwnerAction } from '@/app/w/[slug]/touchpoints/[touchpointId]/actions'
import { ActionForm } from '@/components/forms/action-form'
import { SelectField } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import type { Person } from '@/lib/ownership/queries'

/** The "Assign owner" control of a touchpoint's page: a person and a department, for members who assign owners. */
export function OwnerForm(props: { workspaceId: string; touchpointId: string; ownerUserId: string | null; ownerDepartmentId: string | null; members: Person[]; departments: Person[] }) {
  const t = useTranslations('ownership.owner')
  const router = useRouter()
  // The pickers follow the current owner, also when someone else changes it (the page refreshes live).
  const [person, setPerson] = useState(props.ownerUserId ?? '')
  const [department, setDepartment] = useState(props.ownerDepartmentId ?? '')
  const current = `${props.ownerUserId ?? ''}|${props.ownerDepartmentId ?? ''}`
  const [seen, setSeen] = useState(current)
  if (seen !== current) {
    setSeen(current)
    setPerson(props.ownerUserId ?? '')
    setDepartment(props.ownerDepartmentId ?? '')
  }
  return (
    <ActionForm
      action={assignOwnerAction}
      hidden={{ workspaceId: props.workspaceId, touchpointId: props.touchpointId }}
      success={t('saved')}
      onSuccess={() => router.refresh()}
      aria-label={t('title')}
    >
      <SelectField name="ownerUserId" label={t('person')} value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
        <option value="">{t('noPerson')}</option>
        {props.members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <SelectField name="ownerDepartmentId" label={t('department')} value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
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
