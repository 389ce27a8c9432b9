import type { CaseFile } from './types'

/** Cases for this area's handlers (filled in as they are added). */
export const evaluationCases: CaseFile = {
  routes: {},
  actions: {},
}
