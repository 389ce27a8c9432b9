/** The map grid as one SVG image (the client turns it into a PNG): the same layout as the PDF, on one page as large as the grid. */
import type { MapExport } from './map-export'
import { layoutMap, type Rgb } from './grid-layout'

const n = (v: number) => (Math.round(v * 100) / 100).toString()
const hex = (c: Rgb) => `#${c.map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`

/** XML text: markup characters escaped, characters XML forbids dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

export function mapToSvg(m: MapExport): string {
  const [page] = layoutMap(m, 'fit')
  const p = page!
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(p.width)}" height="${n(p.height)}" viewBox="0 0 ${n(p.width)} ${n(p.height)}" font-family="Helvetica, Arial, 'Liberation Sans', sans-serif">`,
    `<title>${xmlEscape(m.map.name)}</title>`,
    `<rect x="0" y="0" width="${n(p.width)}" height="${n(p.height)}" fill="#ffffff"/>`,
  ]
  for (const op of p.ops) {
    if (op.t === 'rect') {
      out.push(
        `<rect x="${n(op.x)}" y="${n(op.y)}" width="${n(op.w)}" height="${n(op.h)}" fill="${op.fill ? hex(op.fill) : 'none'}"${op.stroke ? ` stroke="${hex(op.stroke)}" stroke-width="${n(op.lineWidth ?? 1)}"` : ''}/>`,
      )
    } else {
      out.push(
        `<text x="${n(op.x)}" y="${n(op.y)}" font-size="${n(op.size)}"${op.bold ? ' font-weight="bold"' : ''} fill="${hex(op.color ?? [0, 0, 0])}" xml:space="preserve">${xmlEscape(op.text)}</text>`,
      )
    }
  }
  out.push('</svg>')
  return out.join('\n')
}
