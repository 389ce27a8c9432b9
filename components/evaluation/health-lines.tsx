'use client'

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

const COLOURS = ['#4338ca', '#047857', '#b45309', '#be123c', '#0e7490', '#6d28d9', '#4d7c0f', '#9f1239']

/** One line per stage: its touchpoints' mean health, week by week (recharts). */
export function HealthLines({ data, stages }: { data: Record<string, string | number | null>[]; stages: { id: string; name: string }[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#475569' }} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} interval="preserveStartEnd" />
        <YAxis domain={[0, 100]} tick={{ fontSize: 11, fill: '#475569' }} tickLine={false} axisLine={false} width={40} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {stages.map((s, i) => (
          <Line key={s.id} type="monotone" dataKey={s.id} name={s.name} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  )
}
