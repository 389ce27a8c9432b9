/**
 * A small vector PDF 1.4 writer for the map layout (lib/exports/grid-layout.ts):
 * boxes and text in the standard Helvetica fonts with WinAnsiEncoding (nothing
 * embedded), one page per layout page, content streams deflated.
 */
import { deflateSync } from 'node:zlib'
import type { MapExport } from './map-export'
import { toWinAnsi } from './helvetica'
import { layoutMap, type Op, type Page, type Rgb } from './grid-layout'

const n = (v: number) => (Math.round(v * 100) / 100).toString()
const rgb = (c: Rgb) => c.map(n).join(' ')

/** A PDF literal string of WinAnsi bytes: ( ) \ escaped, anything outside printable ASCII as an octal escape. */
export function pdfString(text: string): string {
  let s = '('
  for (const b of toWinAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += `\\${String.fromCharCode(b)}`
    else if (b < 0x20 || b > 0x7e) s += `\\${b.toString(8).padStart(3, '0')}`
    else s += String.fromCharCode(b)
  }
  return `${s})`
}

/** A PDF text string for the document information (UTF-16BE, so any title survives). */
function infoString(text: string): string {
  let hex = 'FEFF'
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()
  return `<${hex}>`
}

function contentOf(page: Page): string {
  const H = page.height
  const out: string[] = []
  for (const op of page.ops as Op[]) {
    if (op.t === 'rect') {
      const paint = op.fill && op.stroke ? 'B' : op.fill ? 'f' : 'S'
      out.push(
        `q ${op.fill ? `${rgb(op.fill)} rg ` : ''}${op.stroke ? `${rgb(op.stroke)} RG ${n(op.lineWidth ?? 1)} w ` : ''}${n(op.x)} ${n(H - op.y - op.h)} ${n(op.w)} ${n(op.h)} re ${paint} Q`,
      )
    } else {
      out.push(`BT /${op.bold ? 'F2' : 'F1'} ${n(op.size)} Tf ${rgb(op.color ?? [0, 0, 0])} rg 1 0 0 1 ${n(op.x)} ${n(H - op.y)} Tm ${pdfString(op.text)} Tj ET`)
    }
  }
  return out.join('\n')
}

export function pagesToPdf(pages: Page[], info: { title: string; created: Date }): Uint8Array {
  const chunks: Buffer[] = []
  let length = 0
  const offsets: number[] = []
  const write = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b
    chunks.push(buf)
    length += buf.length
  }
  const object = (id: number, body: string | Buffer[]) => {
    offsets[id] = length
    write(`${id} 0 obj\n`)
    if (typeof body === 'string') write(body)
    else for (const b of body) write(b)
    write('\nendobj\n')
  }

  write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
  const pageIds = pages.map((_, i) => 6 + i * 2)
  const d = info.created.toISOString()
  const pdfDate = `D:${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}Z`
  object(1, '<< /Type /Catalog /Pages 2 0 R >>')
  object(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`)
  object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
  object(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>')
  object(5, `<< /Title ${infoString(info.title)} /Producer (Touchmap) /Creator (Touchmap map export) /CreationDate (${pdfDate}) >>`)
  pages.forEach((p, i) => {
    const id = pageIds[i]!
    object(
      id,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${n(p.width)} ${n(p.height)}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${id + 1} 0 R >>`,
    )
    const data = deflateSync(Buffer.from(contentOf(p), 'latin1'))
    object(id + 1, [Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')])
  })
  const count = 6 + pages.length * 2
  const xref = length
  write(`xref\n0 ${count}\n0000000000 65535 f \n`)
  for (let id = 1; id < count; id++) write(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`)
  write(`trailer\n<< /Size ${count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`)
  return new Uint8Array(Buffer.concat(chunks))
}

/** The map as a printable PDF (A4 landscape up to four stages, A3 landscape above). */
export function mapToPdf(m: MapExport): Uint8Array {
  return pagesToPdf(layoutMap(m, 'auto'), { title: m.map.name, created: m.exportedAt })
}
