/**
 * Audits (DOMAIN.md "Review"): the vocabulary, the limits and the input
 * schemas. Channels and processes change, so the map is re-audited on a
 * schedule: each touchpoint's owner walks a checklist and signs off, a
 * manager approves or sends it back, and the closed audit is kept as it was.
 */
import { z } from 'zod'
import { uuidSchema } from '@/lib/schemas/common'

export * from './vocabulary'
import { CADENCES, DUE_DAYS_DEFAULT, DUE_DAYS_MAX, INTERVAL_DAYS_MAX, MONTHS, NAME_MAX, NOTE_MAX, RELEVANCE, type Cadence } from './vocabulary'

/** The next slot after `from` (calendar months for the named cadences, days for custom). */
export function nextSlot(from: Date, cadence: Cadence, intervalDays: number | null): Date {
  if (cadence === 'custom') return new Date(from.getTime() + (intervalDays ?? 1) * 86_400_000)
  const d = new Date(from)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + MONTHS[cadence])
  // The 31st of a short month is its last day, not the 1st of the next.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d
}

const startOfTodayUtc = () => {
  const now = new Date()
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
}

const scope = z.union([z.literal(''), z.null(), uuidSchema('map')]).transform((v) => v || null)

/** A date and time; a calendar day alone (a date input's value) means `time` (UTC) on that day. */
const dateTime = (what: string, time: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T${time}Z` : v),
    z.coerce.date({ error: `Enter ${what} as a date` }).refine((d) => !Number.isNaN(d.getTime()), `Enter ${what} as a date`),
  )

/** A schedule for a map (mapId) or the whole workspace (mapId empty). */
export const scheduleSchema = z
  .object({
    mapId: scope,
    cadence: z.enum(CADENCES, { error: 'Choose how often: quarterly, half-yearly, yearly or a custom interval' }),
    intervalDays: z.preprocess(
      (v) => (v === '' || v === undefined ? null : v),
      z.union([z.null(), z.coerce.number({ error: 'The interval is a number of days' }).int('The interval is a whole number of days').min(1, 'The interval is at least 1 day').max(INTERVAL_DAYS_MAX, `The interval is at most ${INTERVAL_DAYS_MAX} days`)]),
    ),
    firstOpenAt: dateTime('the first audit date', '00:00:00').refine((d) => d.getTime() >= startOfTodayUtc(), 'The first audit date is in the past: choose today or later'),
    dueDays: z.coerce
      .number({ error: 'Enter the days owners have to complete their reviews' })
      .int('The days to complete are a whole number')
      .min(1, 'Owners need at least 1 day')
      .max(DUE_DAYS_MAX, `At most ${DUE_DAYS_MAX} days to complete`)
      .default(DUE_DAYS_DEFAULT),
  })
  .superRefine((v, ctx) => {
    if (v.cadence === 'custom' && v.intervalDays == null) ctx.addIssue({ code: 'custom', path: ['intervalDays'], message: 'Enter the interval in days for a custom schedule' })
  })
export type ScheduleInput = z.infer<typeof scheduleSchema>

/** Opening a campaign by hand. */
export const openCampaignSchema = z.object({
  mapId: scope,
  name: z.string({ error: 'Enter a name' }).trim().min(1, 'Enter a name').max(NAME_MAX, `A name can have at most ${NAME_MAX} characters`),
  dueAt: dateTime('the due date', '23:59:59').refine((d) => d.getTime() > Date.now(), 'The due date is in the past: choose a later one'),
})
export type OpenCampaignInput = z.infer<typeof openCampaignSchema>

const checklistSchema = z
  .object({
    accurate: z.boolean({ error: 'Answer “details still accurate”' }).optional(),
    scoresRefreshed: z.boolean({ error: 'Answer “scores refreshed”' }).optional(),
    relevant: z.enum(RELEVANCE, { error: 'Choose keep or retire' }).optional(),
    processesCurrent: z.boolean({ error: 'Answer “supporting processes and people current”' }).optional(),
    newTouchpoints: z.string().trim().max(NOTE_MAX, `At most ${NOTE_MAX} characters`).optional(),
  })
  .strict()

export const taskIdSchema = uuidSchema('task')

/** The owner's answers, saved as they go (a draft) or signed off (`signOff`: every item answered). */
export const taskAnswerSchema = z
  .object({
    taskId: taskIdSchema,
    checklist: checklistSchema,
    note: z.string().trim().max(NOTE_MAX, `A note can have at most ${NOTE_MAX} characters`).default(''),
    signOff: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (!v.signOff) return
    const c = v.checklist
    if (c.accurate !== true) ctx.addIssue({ code: 'custom', path: ['checklist', 'accurate'], message: 'Check the details, and correct them on the touchpoint, before signing off' })
    if (c.scoresRefreshed !== true) ctx.addIssue({ code: 'custom', path: ['checklist', 'scoresRefreshed'], message: 'Refresh the scores before signing off' })
    if (!c.relevant) ctx.addIssue({ code: 'custom', path: ['checklist', 'relevant'], message: 'Say whether it is still relevant or should be retired' })
    if (c.processesCurrent !== true) ctx.addIssue({ code: 'custom', path: ['checklist', 'processesCurrent'], message: 'Check the supporting processes and people before signing off' })
    if (!c.newTouchpoints) ctx.addIssue({ code: 'custom', path: ['checklist', 'newTouchpoints'], message: 'Name the new touchpoints seen at this stage, or write “none”' })
  })

/** A manager's decision on a signed-off task. Sending back needs a note saying what to do. */
export const taskReviewSchema = z
  .object({
    taskId: taskIdSchema,
    decision: z.enum(['approve', 'return'], { error: 'Approve, or send it back' }),
    note: z.string().trim().max(NOTE_MAX, `A note can have at most ${NOTE_MAX} characters`).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what to change when sending it back' })
  })
