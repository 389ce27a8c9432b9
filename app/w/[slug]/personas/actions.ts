'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { personaFieldsSchema } from '@/lib/personas/model'
import { createPersona, deletePersona, promoteSegment, updatePersona } from '@/lib/personas/personas'
import { callbackPathSchema, uuidSchema } from '@/lib/schemas/common'

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)])

/** The form sends free fields as repeated fieldLabel / fieldValue pairs; a pair left empty is dropped. */
const fromForm = (raw: unknown) => {
  if (!raw || typeof raw !== 'object' || 'fields' in raw) return raw
  const r = raw as Record<string, unknown>
  const labels = list(r.fieldLabel)
  const values = list(r.fieldValue)
  const fields = labels.map((label, i) => ({ label, value: values[i] ?? '' })).filter((f) => f.label.trim() || f.value.trim())
  return { ...r, fields }
}

const personaInput = z.preprocess(fromForm, personaFieldsSchema)

export const createPersonaAction = workspaceAction(personaInput, 'personas.manage', (ctx, fields) => createPersona(ctx, fields))

export const updatePersonaAction = workspaceAction(
  z.preprocess(fromForm, personaFieldsSchema.extend({ personaId: uuidSchema('persona') })),
  'personas.manage',
  (ctx, { personaId, ...fields }) => updatePersona(ctx, personaId, fields),
)

/** Deletes, then goes back to the library (`returnTo`, a same-origin path). */
export const deletePersonaAction = workspaceAction(z.object({ personaId: uuidSchema('persona'), returnTo: callbackPathSchema }), 'personas.manage', async (ctx, i) => {
  await deletePersona(ctx, i.personaId)
  redirect(i.returnTo)
})

export const promoteSegmentAction = workspaceAction(
  z.object({ mapId: uuidSchema('map'), segmentId: z.string().trim().min(1, 'Choose a row').max(64, 'Unknown row') }),
  'personas.manage',
  (ctx, i) => promoteSegment(ctx, i.mapId, i.segmentId),
)
