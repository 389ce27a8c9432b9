import type { MetricStatus } from '@/lib/metrics/model'

export const STATUS_STYLES: Record<MetricStatus, string> = {
  green: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  amber: 'bg-amber-100 text-amber-900 ring-amber-300',
  red: 'bg-red-100 text-red-900 ring-red-300',
}

/** A KPI's status as words on its colour (never the colour alone). */
export function StatusPill({ status, label }: { status: MetricStatus; label: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLES[status]}`}>{label}</span>
}
