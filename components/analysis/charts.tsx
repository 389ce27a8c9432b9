'use client'

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

/**
 * The distribution analysis's charts (recharts, loaded after the page by
 * distribution-view.tsx). Each is keyboard-navigable (recharts' accessibility
 * layer: Tab to the chart, then the arrow keys move the tooltip from point to
 * point), is named by its title, and has its figures as a table beside it.
 */
export const SERIES_COLOURS = ['#4f46e5', '#0e7490', '#b45309', '#be185d', '#15803d'] as const
const AXIS = { fontSize: 11, fill: '#475569' }

/** Each stage's share of the touchpoints beside its share of the weight, in percent. */
export function BalanceBars({ data, names, title }: { data: { name: string; share: number; weightShare: number }[]; names: { share: string; weightShare: string }; title: string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -12 }} title={title}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="name" tick={AXIS} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} interval="preserveStartEnd" minTickGap={4} />
        <YAxis unit="%" tick={AXIS} tickLine={false} axisLine={false} width={48} />
        <Tooltip cursor={{ fill: '#eef2ff' }} formatter={(v, n) => [`${v as number}%`, names[n as 'share' | 'weightShare']]} />
        <Legend formatter={(n) => names[n as 'share' | 'weightShare']} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="share" fill={SERIES_COLOURS[0]} isAnimationActive={false} />
        <Bar dataKey="weightShare" fill="#94a3b8" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  )
}

/** Stacked bars: how many touchpoints of each series (kinds) per group (stage or map). */
export function StackedBars({ data, series, title }: { data: ({ name: string } & Record<string, number | string>)[]; series: { key: string; label: string }[]; title: string }) {
  const label = Object.fromEntries(series.map((s) => [s.key, s.label]))
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} title={title}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="name" tick={AXIS} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} interval="preserveStartEnd" minTickGap={4} />
        <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} width={40} />
        <Tooltip cursor={{ fill: '#eef2ff' }} formatter={(v, n) => [v as number, label[n as string]]} />
        <Legend formatter={(n) => label[n as string]} wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} stackId="mix" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  )
}

/** One line per series over the weeks. */
export function WeeklyLines({ data, series, title }: { data: ({ week: string } & Record<string, number | string>)[]; series: { key: string; label: string }[]; title: string }) {
  const label = Object.fromEntries(series.map((s) => [s.key, s.label]))
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} title={title}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="week" tick={AXIS} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} interval="preserveStartEnd" />
        <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} width={40} />
        <Tooltip formatter={(v, n) => [v as number, label[n as string]]} />
        <Legend formatter={(n) => label[n as string]} wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Line key={s.key} dataKey={s.key} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  )
}
