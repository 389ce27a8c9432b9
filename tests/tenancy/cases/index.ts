import { catalog } from './catalog'
import { exportsCases } from './exports'
import { foundation } from './foundation'
import { mapsCases } from './maps'
import type { CaseFile } from './types'

/** Every area's cases; a new area adds its file here. */
export const CASE_FILES: CaseFile[] = [foundation, mapsCases, catalog, exportsCases]
