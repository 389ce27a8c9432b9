import { analysisCases } from './analysis'
import { apiKeysCases } from './apiKeys'
import { auditsCases } from './audits'
import { catalog } from './catalog'
import { enterpriseCases } from './enterprise'
import { evaluationCases } from './evaluation'
import { exportsCases } from './exports'
import { foundation } from './foundation'
import { insightsCases } from './insights'
import { mapLifeCases } from './mapLife'
import { mapsCases } from './maps'
import { notificationsCases } from './notifications'
import { ownershipCases } from './ownership'
import { personasCases } from './personas'
import type { CaseFile } from './types'
import { versionsCases } from './versions'

/** Every area's cases; a new area adds its file here. */
export const CASE_FILES: CaseFile[] = [foundation, mapsCases, catalog, exportsCases, insightsCases, apiKeysCases, evaluationCases, notificationsCases, ownershipCases, analysisCases, auditsCases, versionsCases, enterpriseCases, personasCases, mapLifeCases]
