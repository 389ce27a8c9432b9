import type { TouchpointKind } from '@/lib/maps/model'

const paths: Record<TouchpointKind, React.ReactNode> = {
  // A speech bubble: ads, email, website, invoices.
  communication: <path d="M4 5h16v10H9l-5 4V5z" />,
  // A person: sales rep, service agent.
  human: (
    <>
      <circle cx="12" cy="8" r="3.5" />
      <path d="M5 20c0-3.9 3.1-6.5 7-6.5s7 2.6 7 6.5" />
    </>
  ),
  // A box: store, product, packaging.
  physical: (
    <>
      <path d="M3.5 7.5 12 3l8.5 4.5v9L12 21l-8.5-4.5v-9z" />
      <path d="M3.5 7.5 12 12l8.5-4.5M12 12v9" />
    </>
  ),
  // Waves: sound, light, scent.
  sensory: <path d="M3 9c2-2 4-2 6 0s4 2 6 0 4-2 6 0M3 15c2-2 4-2 6 0s4 2 6 0 4-2 6 0" />,
}

export function KindIcon({ kind, className = 'h-4 w-4' }: { kind: TouchpointKind; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      {paths[kind] ?? paths.communication}
    </svg>
  )
}

export const KIND_TONE: Record<TouchpointKind, string> = {
  communication: 'bg-sky-50 text-sky-800 border-sky-200',
  human: 'bg-amber-50 text-amber-900 border-amber-200',
  physical: 'bg-emerald-50 text-emerald-800 border-emerald-200',
  sensory: 'bg-fuchsia-50 text-fuchsia-800 border-fuchsia-200',
}

export function UndoIcon({ redo = false }: { redo?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className={`h-4 w-4 ${redo ? '-scale-x-100' : ''}`} aria-hidden="true">
      <path d="M9 14 4 9l5-5" />
      <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
    </svg>
  )
}

export function PlusIcon({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" className={className} aria-hidden="true">
      <path d="M12 5v14M5 12h14" />
    </svg>
  )
}

export function PencilIcon({ className = 'h-3.5 w-3.5' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      <path d="M4 20h4L19 9l-4-4L4 16v4z" />
    </svg>
  )
}

/** A small flag: a touchpoint with no owner yet. */
export function FlagIcon({ className = 'h-3.5 w-3.5' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      <path d="M5 21V4M5 4h11l-2 4 2 4H5" />
    </svg>
  )
}
