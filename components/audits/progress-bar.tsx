import type { Progress } from '@/lib/audits/queries'

/**
 * A campaign's progress as one bar: approved (solid), signed off (lighter),
 * the rest empty. The numbers are written beside it by the caller; the bar
 * itself is labelled for screen readers.
 */
export function ProgressBar({ progress, label, className = '' }: { progress: Progress; label: string; className?: string }) {
  const pct = (n: number) => (progress.total ? (100 * n) / progress.total : 0)
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={progress.total}
      aria-valuenow={progress.approved}
      className={`flex h-2 overflow-hidden rounded-full bg-slate-200 ${className}`}
    >
      <div className="h-full bg-emerald-600" style={{ width: `${pct(progress.approved)}%` }} />
      <div className="h-full bg-emerald-300" style={{ width: `${pct(progress.submitted)}%` }} />
    </div>
  )
}
