import type { CaseFile } from './types'

/** Cases for this area's handlers (filled in as they are added). */
export const insightsCases: CaseFile = {
  routes: {},
  actions: {},
}
