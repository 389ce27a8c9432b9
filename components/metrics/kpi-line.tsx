'use client'

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

export type KpiDatum = { at: number; short: string; long: string; value: number }

/** One KPI's values over time with its target (and alert threshold) as lines across (recharts). */
export function KpiLine({ data, target, alertAt, unit, labels }: { data: KpiDatum[]; target: number; alertAt: number | null; unit: string; labels: { target: string; alert: string } }) {
  const values = data.map((d) => d.value)
  const lo = Math.min(...values, target, alertAt ?? target)
  const hi = Math.max(...values, target, alertAt ?? target)
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="short" tick={{ fontSize: 11, fill: '#475569' }} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} interval="preserveStartEnd" minTickGap={24} />
        <YAxis domain={[lo - pad, hi + pad]} tick={{ fontSize: 11, fill: '#475569' }} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => Number(v.toPrecision(3)).toString()} />
        <Tooltip labelFormatter={(_, payload) => (payload?.[0]?.payload as KpiDatum | undefined)?.long ?? ''} formatter={(value) => [`${value as number} ${unit}`, '']} separator="" />
        <ReferenceLine y={target} stroke="#047857" strokeDasharray="6 4" label={{ value: labels.target, position: 'insideTopLeft', fontSize: 11, fill: '#047857' }} />
        {alertAt !== null && <ReferenceLine y={alertAt} stroke="#b91c1c" strokeDasharray="2 4" label={{ value: labels.alert, position: 'insideBottomLeft', fontSize: 11, fill: '#b91c1c' }} />}
        <Line type="monotone" dataKey="value" stroke="#4338ca" strokeWidth={2} dot={data.length <= 40} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  )
}
