'use client'

import { useRouter } from 'next/navigation'
import { CsvImportPanel } from '@/components/forms/csv-import-panel'

const TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent('metric,touchpoint,value,period_start,period_end,unit,segment,source\r\nCSAT,Customer service hotline,82.5,2026-11-01,2026-11-30,%,,survey tool\r\n')}`

/** CSV import of KPI values (lib/metrics/import.ts) on Settings → KPIs. */
export function ValuesImport({ workspaceId }: { workspaceId: string }) {
  const router = useRouter()
  return (
    <CsvImportPanel
      url={`/api/workspaces/${workspaceId}/metrics/import`}
      messages="metrics.import"
      countKey="values"
      template={{ href: TEMPLATE, filename: 'kpi-values-template.csv' }}
      testId="kpi-import-errors"
      onImported={() => router.refresh()}
    />
  )
}
