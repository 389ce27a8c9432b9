import { csvImportRoute } from '@/lib/http/csv-import-route'
import { importValues } from '@/lib/metrics/import'

/** POST a CSV file of KPI values: checked (?commit=0) or recorded all or nothing (?commit=1); NDJSON progress (lib/http/csv-import-route.ts). */
export const POST = csvImportRoute({
  permission: 'metrics.record',
  what: 'KPI value',
  importer: importValues,
  failed: 'The import stopped because of an error on our side. Nothing was recorded; try again.',
})
