import type { Formats } from 'next-intl'

/**
 * The one set of date and number formats, by name, for every page and
 * component (`format.dateTime(d, 'date')`, `format.number(n, 'score')`), so
 * each locale shows one date style everywhere. Calendar days stored without a
 * time (an insight's "observed on") use `day`, read in UTC so they never
 * shift by a time zone.
 */
export const FORMATS = {
  dateTime: {
    date: { dateStyle: 'medium' },
    dateTime: { dateStyle: 'medium', timeStyle: 'short' },
    day: { dateStyle: 'medium', timeZone: 'UTC' },
    week: { month: 'short', day: 'numeric', timeZone: 'UTC' },
    month: { month: 'short', year: 'numeric', timeZone: 'UTC' },
    monthShort: { month: 'short', timeZone: 'UTC' },
  },
  number: {
    score: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
    count: { maximumFractionDigits: 0 },
  },
} satisfies Formats

/** A calendar day ("2026-12-02") as a Date at UTC midnight, for the `day` format. */
export const calendarDay = (isoDay: string) => new Date(`${isoDay.slice(0, 10)}T00:00:00Z`)
