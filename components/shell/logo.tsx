export function Logo({ className = 'h-7 w-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="fill-indigo-700" />
      <circle cx="9" cy="16" r="3" className="fill-white" />
      <circle cx="23" cy="10" r="3" className="fill-white" />
      <circle cx="23" cy="22" r="3" className="fill-white" />
      <path d="M11.5 15 20.5 11M11.5 17l9 4" className="stroke-white" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  )
}
