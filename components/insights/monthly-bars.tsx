'use client'

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

import { SENTIMENT_COLOURS as COLOURS, SENTIMENTS as SERIES, type Sentiment as Series } from './sentiment-colours'

type Datum = { short: string; long: string } & Record<Series, number>

/** Stacked monthly bars by sentiment (recharts: axes with ticks, a tooltip naming the month). */
export function MonthlyBars({ data, names }: { data: Datum[]; names: Record<Series, string> }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="short" tick={{ fontSize: 11, fill: '#475569' }} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#475569' }} tickLine={false} axisLine={false} width={40} />
        <Tooltip
          cursor={{ fill: '#eef2ff' }}
          labelFormatter={(_, payload) => (payload?.[0]?.payload as { long?: string } | undefined)?.long ?? ''}
          formatter={(value, name) => [value as number, names[name as Series]]}
        />
        {SERIES.map((s) => (
          <Bar key={s} dataKey={s} stackId="sentiment" fill={COLOURS[s]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  )
}
