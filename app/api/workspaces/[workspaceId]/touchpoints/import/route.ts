import { importTouchpoints } from '@/lib/catalog/import'
import { csvImportRoute } from '@/lib/http/csv-import-route'

/** POST a CSV file of touchpoints: checked (?commit=0) or written all or nothing (?commit=1); NDJSON progress (lib/http/csv-import-route.ts). */
export const POST = csvImportRoute({
  permission: 'maps.edit',
  what: 'touchpoint',
  importer: importTouchpoints,
  failed: 'The import stopped because of an error on our side. Reload the page to see the catalog, then try again.',
})
