'use client'

import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { archiveMapAction, deleteMapAction, duplicateMapAction, renameMapAction } from '@/app/w/[slug]/maps/actions'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Button } from '@/components/ui/button'
import { CardsChoice } from './cards-choice'

type Props = { workspaceId: string; map: { id: string; name: string; archived: boolean }; canDelete: boolean }
type Panel = 'rename' | 'duplicate' | null

/** A map card's own actions: rename, duplicate, archive or restore, delete (owners and admins). */
export function MapActions({ workspaceId, map, canDelete }: Props) {
  const t = useTranslations('maps.life')
  const [panel, setPanel] = useState<Panel>(null)
  const hidden = { workspaceId, mapId: map.id }
  const toggle = (p: Panel) => setPanel((x) => (x === p ? null : p))
  return (
    <div className="mt-3 border-t border-slate-100 pt-3">
      <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('actionsFor', { name: map.name })}>
        <Button variant="ghost" className="px-2 py-1 text-xs" aria-expanded={panel === 'rename'} onClick={() => toggle('rename')}>
          {t('rename')}
        </Button>
        <Button variant="ghost" className="px-2 py-1 text-xs" aria-expanded={panel === 'duplicate'} onClick={() => toggle('duplicate')}>
          {t('duplicate')}
        </Button>
        <ActionForm action={archiveMapAction} hidden={{ ...hidden, archived: String(!map.archived) }} className="inline">
          <SubmitButton variant="ghost" className="px-2 py-1 text-xs">
            {map.archived ? t('unarchive') : t('archive')}
          </SubmitButton>
        </ActionForm>
        {canDelete && (
          <ActionForm action={deleteMapAction} hidden={hidden} confirm={t('deleteConfirm', { name: map.name })} className="inline">
            <SubmitButton variant="ghost" className="px-2 py-1 text-xs text-red-800">
              {t('delete')}
            </SubmitButton>
          </ActionForm>
        )}
      </div>
      {panel === 'rename' && (
        <ActionForm action={renameMapAction} hidden={hidden} onSuccess={() => setPanel(null)} className="mt-3 flex items-end gap-2">
          <div className="flex-1">
            <Field name="name" label={t('newName')} defaultValue={map.name} maxLength={120} required autoFocus />
          </div>
          <SubmitButton variant="secondary">{t('save')}</SubmitButton>
        </ActionForm>
      )}
      {panel === 'duplicate' && (
        <ActionForm action={duplicateMapAction} hidden={hidden} className="mt-3 space-y-3">
          <Field name="name" label={t('copyName')} defaultValue={t('copyOf', { name: map.name }).slice(0, 120)} maxLength={120} required autoFocus />
          <CardsChoice legend={t('copyWhat')} withLabel={t('withCards')} withoutLabel={t('withoutCards')} defaultValue="with" />
          <SubmitButton pendingLabel={t('duplicating')}>{t('duplicateNow')}</SubmitButton>
        </ActionForm>
      )}
    </div>
  )
}
