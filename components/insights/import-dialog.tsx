'use client'

import { CsvImportPanel } from '@/components/forms/csv-import-panel'

const COLUMNS = 'title,body,type,source,source_url,sentiment,observed_on,touchpoints,topics'
const TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent(`${COLUMNS}\r\nHotline waits too long,Callers wait 12 minutes on average,complaint,support,,negative,2026-03-02,Hotline,waiting;hotline\r\n`)}`

/** CSV import of insights (lib/insights/import.ts) in the feed. */
export function ImportDialog({ workspaceId, onImported, onClose }: { workspaceId: string; onImported: () => void; onClose: () => void }) {
  return (
    <CsvImportPanel
      url={`/api/workspaces/${workspaceId}/insights/import`}
      messages="insights.import"
      countKey="insights"
      template={{ href: TEMPLATE, filename: 'insights-template.csv' }}
      testId="insight-import-errors"
      onImported={onImported}
      onClose={onClose}
    />
  )
}
