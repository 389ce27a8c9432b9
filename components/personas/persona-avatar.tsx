import type { PersonaColour } from '@/lib/personas/model'

/** Background classes per colour: each carries white text at 4.5:1 or more. */
const BG: Record<PersonaColour, string> = {
  indigo: 'bg-indigo-700',
  teal: 'bg-teal-700',
  rose: 'bg-rose-700',
  amber: 'bg-amber-800',
  sky: 'bg-sky-800',
  violet: 'bg-violet-700',
  emerald: 'bg-emerald-800',
  slate: 'bg-slate-700',
}

/** A persona's initials on its colour; decorative (the name is always written beside it). */
export function PersonaAvatar({ initials, colour, size = 'md' }: { initials: string; colour: PersonaColour; size?: 'sm' | 'md' | 'lg' }) {
  const dims = size === 'sm' ? 'h-6 w-6 text-[10px]' : size === 'lg' ? 'h-14 w-14 text-lg' : 'h-10 w-10 text-sm'
  return (
    <span aria-hidden="true" className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white ${BG[colour] ?? BG.indigo} ${dims}`}>
      {initials}
    </span>
  )
}
