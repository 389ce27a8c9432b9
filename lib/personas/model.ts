/**
 * A persona of the workspace's library (../shared/DOMAIN.md, "The map"): who
 * the customer is, what they need, want and suffer, and the strategic goal the
 * company has with them. The goal gives the default priority (1 highest to 5),
 * which a manager can override; the priority is what makes the touchpoints on
 * the persona's journeys weigh (lib/evaluation/model.ts, journey weight).
 * Pure: the Personas page validates with it in the browser too.
 */
import { z } from 'zod'
import { STRATEGIC_GOALS, type StrategicGoal } from '@/lib/maps/model'

/** The priority each strategic goal gives by default (1 is the highest). */
export const GOAL_PRIORITY: Record<StrategicGoal, number> = {
  prevent_churn: 1,
  win: 2,
  grow: 2,
  strengthen: 3,
  develop: 4,
}

export const effectivePriority = (p: { goal: StrategicGoal; priority: number | null }) => p.priority ?? GOAL_PRIORITY[p.goal]

/** Colours a persona's initials are drawn on (each with white text at 4.5:1 or more). */
export const PERSONA_COLOURS = ['indigo', 'teal', 'rose', 'amber', 'sky', 'violet', 'emerald', 'slate'] as const
export type PersonaColour = (typeof PERSONA_COLOURS)[number]

/** A persona's name is a map row's name too, so it has the row's limit (lib/maps/model.ts segmentSchema). */
export const PERSONA_LIMITS = { name: 60, initials: 3, profile: 1000, needs: 2000, goals: 2000, frustrations: 2000, fields: 20, fieldLabel: 60, fieldValue: 500 } as const

/** Up to two letters from a name's first words ("Small business owner" → "SB"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.slice(0, 2).map((w) => [...w][0] ?? '')
  return letters.join('').toUpperCase().slice(0, PERSONA_LIMITS.initials) || '?'
}

const text = (label: string, max: number) => z.string({ error: `${label} must be text` }).trim().max(max, `${label} can have at most ${max} characters`)

export const personaFieldsSchema = z.object({
  name: z.string({ error: 'Enter a name' }).trim().min(1, 'Enter a name').max(PERSONA_LIMITS.name, `A persona name can have at most ${PERSONA_LIMITS.name} characters`),
  initials: z
    .string()
    .trim()
    .max(PERSONA_LIMITS.initials, `Initials are at most ${PERSONA_LIMITS.initials} characters`)
    .regex(/^[\p{L}\p{N}]*$/u, 'Initials are letters or digits')
    .default(''),
  colour: z.enum(PERSONA_COLOURS, { error: `Colour is one of ${PERSONA_COLOURS.join(', ')}` }).default('indigo'),
  profile: text('Profile', PERSONA_LIMITS.profile).default(''),
  needs: text('Needs', PERSONA_LIMITS.needs).default(''),
  goals: text('Goals', PERSONA_LIMITS.goals).default(''),
  frustrations: text('Frustrations', PERSONA_LIMITS.frustrations).default(''),
  fields: z
    .array(
      z.object({
        label: z.string().trim().min(1, 'Give each free field a label').max(PERSONA_LIMITS.fieldLabel, `A field label can have at most ${PERSONA_LIMITS.fieldLabel} characters`),
        value: text('A field value', PERSONA_LIMITS.fieldValue),
      }),
      { error: 'Free fields are a list of labels and values' },
    )
    .max(PERSONA_LIMITS.fields, `A persona can have at most ${PERSONA_LIMITS.fields} free fields`)
    .default([]),
  goal: z.enum(STRATEGIC_GOALS, { error: `Strategic goal is one of ${STRATEGIC_GOALS.join(', ')}` }),
  /** null: the goal's default priority. */
  priority: z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v) : v),
    z
      .number({ error: 'Priority is 1 (highest) to 5, or the goal’s default' })
      .int('Priority is a whole number from 1 to 5')
      .min(1, 'Priority is 1 (highest) to 5')
      .max(5, 'Priority is 1 (highest) to 5')
      .nullable(),
  ),
})
export type PersonaFields = z.infer<typeof personaFieldsSchema>
export type PersonaInput = z.input<typeof personaFieldsSchema>

export type Persona = Omit<PersonaFields, 'colour'> & {
  id: string
  colour: PersonaColour
  /** The priority in force: the override, else the goal's default. */
  effectivePriority: number
  updatedAt: string
}

/** Where a persona is used: a row on a map. */
export type PersonaUse = { mapId: string; mapName: string; segmentId: string }
