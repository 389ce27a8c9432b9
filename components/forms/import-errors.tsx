/** The per-row errors of a CSV import (line, column, reason), as the catalog and insight imports show them. */
export type ImportErrorRow = { line: number; column: string; reason: string }

export function ImportErrors(props: {
  errors: ImportErrorRow[]
  more: number
  testId: string
  labels: { title: string; line: string; column: string; reason: string; more: string }
}) {
  const { labels } = props
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3">
      <p className="text-sm font-semibold text-red-800">{labels.title}</p>
      <div className="mt-2 max-h-64 overflow-auto">
        <table className="min-w-full text-sm" data-testid={props.testId}>
          <thead className="text-left text-xs uppercase text-red-900">
            <tr>
              <th scope="col" className="py-1 pr-3">
                {labels.line}
              </th>
              <th scope="col" className="py-1 pr-3">
                {labels.column}
              </th>
              <th scope="col" className="py-1">
                {labels.reason}
              </th>
            </tr>
          </thead>
          <tbody className="text-red-900">
            {props.errors.map((e, i) => (
              <tr key={i} className="border-t border-red-100 align-top">
                <td className="py-1 pr-3 tabular-nums">{e.line || '—'}</td>
                <td className="py-1 pr-3 font-mono text-xs">{e.column || '—'}</td>
                <td className="py-1">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.more > 0 && <p className="mt-2 text-sm text-red-800">{labels.more}</p>}
    </div>
  )
}
