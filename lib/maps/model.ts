import { z } from 'zod'

/**
 * The touchpoint map's vocabulary (../shared/DOMAIN.md), the one place its
 * words and limits are defined: the catalog, the editor, imports, exports and
 * the read model all use these.
 */

export const TOUCHPOINT_KINDS = ['communication', 'human', 'physical', 'sensory'] as const
export const OWNERSHIPS = ['owned', 'paid', 'earned'] as const
export const CONTROLS = ['direct', 'indirect'] as const
export const TOUCHPOINT_STATUSES = ['active', 'retired'] as const
export const STRATEGIC_GOALS = ['win', 'grow', 'strengthen', 'develop', 'prevent_churn'] as const

export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number]
export type Ownership = (typeof OWNERSHIPS)[number]
export type Control = (typeof CONTROLS)[number]
export type StrategicGoal = (typeof STRATEGIC_GOALS)[number]

const text = (label: string, max: number) => z.string({ error: `${label} must be text` }).trim().max(max, `${label} can have at most ${max} characters`)

/** The free-text details of a touchpoint, with their limits. */
export const TEXT_FIELDS = {
  description: 2000,
  channel: 80,
  interactions: 2000,
  supportingProcesses: 2000,
  supportingPeople: 1000,
  peopleMet: 1000,
  desiredOutcome: 1000,
  dataGenerated: 1000,
  customerDataUsed: 1000,
  optimalExperience: 2000,
  promises: 1000,
  emotions: 1000,
  dataCaptured: 1000,
  procedures: 1000,
} as const
export type TextField = keyof typeof TEXT_FIELDS

/** The text fields the read model keeps together in `touchpoints.details` (all but description and channel, which have columns). */
export const DETAIL_FIELDS = (Object.keys(TEXT_FIELDS) as TextField[]).filter((k) => k !== 'description' && k !== 'channel')

/** How people call each text field (in error messages and column help). */
export const TEXT_FIELD_LABELS: Record<TextField, string> = {
  description: 'Description',
  channel: 'Channel',
  interactions: 'Interactions',
  supportingProcesses: 'Supporting processes',
  supportingPeople: 'Supporting people',
  peopleMet: 'People the customer meets',
  desiredOutcome: 'Desired outcome',
  dataGenerated: 'Data it generates',
  customerDataUsed: 'Customer data it uses',
  optimalExperience: 'Optimal experience',
  promises: 'Promises made, kept or broken',
  emotions: 'Emotions',
  dataCaptured: 'Data captured',
  procedures: 'Procedures',
}

export const touchpointNameSchema = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, 'Enter a name')
  .max(120, 'A touchpoint name can have at most 120 characters')

/** Every field of a touchpoint as people edit it (the catalog record, without ids and history). */
export const touchpointFieldsSchema = z.object({
  name: touchpointNameSchema,
  kind: z.enum(TOUCHPOINT_KINDS, { error: `Kind is one of ${TOUCHPOINT_KINDS.join(', ')}` }),
  ownership: z.enum(OWNERSHIPS, { error: `Ownership is one of ${OWNERSHIPS.join(', ')}` }),
  control: z.enum(CONTROLS, { error: `Control is one of ${CONTROLS.join(', ')}` }),
  onsitePage: z.boolean({ error: 'Onsite page is yes or no' }),
  ownerUserId: z.string().max(64).nullable(),
  ownerDepartmentId: z.uuid({ error: 'Unknown department' }).nullable(),
  status: z.enum(TOUCHPOINT_STATUSES, { error: 'Status is active or retired' }),
  ...(Object.fromEntries(Object.entries(TEXT_FIELDS).map(([k, max]) => [k, text(TEXT_FIELD_LABELS[k as TextField], max)])) as { [K in TextField]: z.ZodString }),
})
export type TouchpointFields = z.infer<typeof touchpointFieldsSchema>

export const EMPTY_TOUCHPOINT: Omit<TouchpointFields, 'name'> = {
  kind: 'communication',
  ownership: 'owned',
  control: 'direct',
  onsitePage: false,
  ownerUserId: null,
  ownerDepartmentId: null,
  status: 'active',
  ...(Object.fromEntries(Object.keys(TEXT_FIELDS).map((k) => [k, ''])) as { [K in TextField]: string }),
}

export const stageSchema = z.object({
  name: z.string().trim().min(1, 'Enter a stage name').max(60, 'A stage name can have at most 60 characters'),
  description: text('Description', 500),
  weight: z.number({ error: 'Weight is a number' }).int('Weight is a whole number').min(0, 'Weight is 0 to 5').max(5, 'Weight is 0 to 5'),
})

export const segmentSchema = z.object({
  name: z.string().trim().min(1, 'Enter a segment name').max(60, 'A segment name can have at most 60 characters'),
  profile: text('Profile', 1000),
  goal: z.enum(STRATEGIC_GOALS, { error: `Strategic goal is one of ${STRATEGIC_GOALS.join(', ')}` }),
  priority: z.number().int().min(1, 'Priority is 1 (highest) to 5').max(5, 'Priority is 1 (highest) to 5'),
})

export type StageFields = z.infer<typeof stageSchema>
export type SegmentFields = z.infer<typeof segmentSchema>

/** Lifecycle templates a map's stages start from (each a starting point the team edits). */
export const MAP_TEMPLATES = {
  lifecycle: ['Awareness', 'Knowledge', 'Consideration', 'Selection / trial', 'Satisfaction', 'Loyalty', 'Advocacy'],
  purchase: ['Before purchase', 'During purchase', 'After purchase'],
  retail: ['Introduce the brand', 'Bring them through the door', 'Make the sale', 'Bring them back'],
  blank: [],
} as const satisfies Record<string, readonly string[]>
export type MapTemplate = keyof typeof MAP_TEMPLATES
