import { foundation } from './foundation'
import type { CaseFile } from './types'

/** Every area's cases; a new area adds its file here. */
export const CASE_FILES: CaseFile[] = [foundation]
