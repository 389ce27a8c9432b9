/** The engine's stats in the Prometheus text format. */
import type { RealtimeStats } from './engine'

const HELP: Record<keyof RealtimeStats, [string, 'gauge' | 'counter', string]> = {
  docs: ['touchmap_realtime_open_documents', 'gauge', 'Documents loaded in this process'],
  connections: ['touchmap_realtime_connections', 'gauge', 'Open realtime sockets'],
  pendingWrites: ['touchmap_realtime_pending_writes', 'gauge', 'Updates received but not yet stored'],
  loads: ['touchmap_realtime_document_loads_total', 'counter', 'Documents loaded from the database'],
  updatesApplied: ['touchmap_realtime_updates_total', 'counter', 'Updates applied from this process’s clients and API'],
  rowsWritten: ['touchmap_realtime_log_rows_written_total', 'counter', 'Update log rows written (group commits)'],
  refused: ['touchmap_realtime_refused_total', 'counter', 'Sockets refused at admission'],
  closedForLimits: ['touchmap_realtime_closed_for_limits_total', 'counter', 'Sockets closed for size, rate or malformed messages'],
  readonlyDropped: ['touchmap_realtime_readonly_dropped_total', 'counter', 'Updates from read-only connections that were dropped'],
  pendingBytes: ['touchmap_realtime_pending_bytes', 'gauge', 'Bytes of updates held pending (waiting for data the server never received)'],
  pendingBytesDropped: ['touchmap_realtime_pending_dropped_bytes_total', 'counter', 'Bytes of pending updates dropped (over the limits, too old, or repaired)'],
  closedForPending: ['touchmap_realtime_closed_for_pending_total', 'counter', 'Sockets closed for sending updates that depend on data the server does not have'],
}

export function prometheusText(stats: RealtimeStats | null): string {
  const lines = [
    '# HELP touchmap_realtime_up Whether the realtime engine runs in this process',
    '# TYPE touchmap_realtime_up gauge',
    `touchmap_realtime_up ${stats ? 1 : 0}`,
  ]
  if (stats) {
    for (const key of Object.keys(HELP) as (keyof RealtimeStats)[]) {
      const [name, type, help] = HELP[key]
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${stats[key]}`)
    }
  }
  return lines.join('\n') + '\n'
}
