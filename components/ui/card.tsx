import type { ReactNode } from 'react'

export function Card({ title, description, children, tone = 'default', id }: { title?: ReactNode; description?: ReactNode; children: ReactNode; tone?: 'default' | 'danger'; id?: string }) {
  const border = tone === 'danger' ? 'border-red-200' : 'border-slate-200'
  return (
    <section aria-labelledby={title && id ? `${id}-title` : undefined} className={`rounded-lg border ${border} bg-white p-5 shadow-sm`}>
      {title && (
        <h2 id={id ? `${id}-title` : undefined} className={`text-base font-semibold ${tone === 'danger' ? 'text-red-800' : 'text-slate-900'}`}>
          {title}
        </h2>
      )}
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className={title || description ? 'mt-4' : ''}>{children}</div>
    </section>
  )
}
