/** The feed's filters as URL parameters (shared by the server page and the client feed). */
export type FeedFilterState = {
  q: string
  status: string
  type: string
  source: string
  segment: string
  topic: string
  owner: string
  assignee: string
  dateOn: string
  from: string
  to: string
  unread: string
}

export const NO_FEED_FILTERS: FeedFilterState = { q: '', status: '', type: '', source: '', segment: '', topic: '', owner: '', assignee: '', dateOn: '', from: '', to: '', unread: '' }
export const FEED_FILTER_KEYS = Object.keys(NO_FEED_FILTERS) as (keyof FeedFilterState)[]
