import { csvImportRoute } from '@/lib/http/csv-import-route'
import { importInsights } from '@/lib/insights/import'

/** POST a CSV file of insights: checked (?commit=0) or written all or nothing (?commit=1); NDJSON progress (lib/http/csv-import-route.ts). */
export const POST = csvImportRoute({
  permission: 'insights.create',
  what: 'insight',
  importer: importInsights,
  failed: 'The import stopped because of an error on our side. Nothing was added; try again.',
})
