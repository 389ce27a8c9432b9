/** A labelled value an admin copies into their IdP (a URL, an entity ID). */
export function CopyValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-xs text-slate-800">{value}</code>
    </div>
  )
}
