/** The "cards" choice of a copy or a template: keep the touchpoints on it ('with'), or only its structure ('without'). */
export function CardsChoice({ legend, withLabel, withoutLabel, defaultValue }: { legend: string; withLabel: string; withoutLabel: string; defaultValue: 'with' | 'without' }) {
  const options = [
    ['with', withLabel],
    ['without', withoutLabel],
  ] as const
  return (
    <fieldset className="space-y-1 text-sm text-slate-800">
      <legend className="mb-1 font-medium">{legend}</legend>
      {(defaultValue === 'with' ? options : [...options].reverse()).map(([value, label]) => (
        <label key={value} className="flex items-center gap-2">
          <input type="radio" name="cards" value={value} defaultChecked={value === defaultValue} className="h-4 w-4 accent-indigo-700" />
          {label}
        </label>
      ))}
    </fieldset>
  )
}
