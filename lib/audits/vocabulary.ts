/**
 * Audits' vocabulary and limits, free of server imports so the browser's
 * forms can use them (model.ts adds the input schemas).
 */
export const CADENCES = ['quarterly', 'half_yearly', 'yearly', 'custom'] as const
export type Cadence = (typeof CADENCES)[number]
export const MONTHS: Record<Exclude<Cadence, 'custom'>, number> = { quarterly: 3, half_yearly: 6, yearly: 12 }
export const INTERVAL_DAYS_MAX = 730
export const DUE_DAYS_DEFAULT = 14
export const DUE_DAYS_MAX = 365
export const NAME_MAX = 120
export const NOTE_MAX = 2000

export const TASK_STATUSES = ['open', 'submitted', 'approved', 'returned'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** The checklist every owner walks (DOMAIN.md "Review"). */
export const CHECKLIST = ['accurate', 'scoresRefreshed', 'relevant', 'processesCurrent', 'newTouchpoints'] as const
export type ChecklistItem = (typeof CHECKLIST)[number]
/** "Still relevant": keep it, or retire it (done when a manager approves). */
export const RELEVANCE = ['keep', 'retire'] as const
export type Checklist = {
  accurate?: boolean
  scoresRefreshed?: boolean
  relevant?: (typeof RELEVANCE)[number]
  processesCurrent?: boolean
  /** New touchpoints seen at this stage (free text), or "none". */
  newTouchpoints?: string
}


/** After this many days without an approved review a touchpoint counts as stale (DOMAIN.md: re-audit quarterly). */
export const REVIEW_DUE_DAYS = 90

/** The review badge of a touchpoint: "due" while a review is open, "stale" (since its last review) when that is older than REVIEW_DUE_DAYS, else none. */
export function reviewBadgeOf(reviewDue: boolean, reviewedAt: string | Date | null, now: Date): { review: 'due' | 'stale' | null; since: string | null } {
  const at = reviewedAt ? new Date(reviewedAt) : null
  const stale = at !== null && now.getTime() - at.getTime() > REVIEW_DUE_DAYS * 86_400_000
  return { review: reviewDue ? 'due' : stale ? 'stale' : null, since: stale ? at!.toISOString() : null }
}
