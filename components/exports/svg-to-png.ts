/**
 * Turns the map's SVG export into a PNG in the browser: the SVG is drawn as an
 * image on a canvas at `scale` (2x by default: sharp on screens and in print),
 * on white, and encoded as PNG. Very large maps are scaled down so the canvas
 * stays within what browsers allow (16,384 px a side, about 100 megapixels).
 */
const MAX_SIDE = 16_000
const MAX_PIXELS = 100_000_000

/** The SVG's intrinsic size from its width/height (or viewBox) attributes. */
export function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? ''
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(tag)?.[1] ?? NaN)
  let width = attr('width')
  let height = attr('height')
  if (!(width > 0 && height > 0)) {
    const vb = /viewBox="[\d.\s-]*?([\d.]+)\s+([\d.]+)"/.exec(tag)
    width = Number(vb?.[1] ?? 1200)
    height = Number(vb?.[2] ?? 800)
  }
  return { width, height }
}

/** The largest scale up to `wanted` that keeps the canvas within browser limits. */
export function pngScale(width: number, height: number, wanted = 2): number {
  return Math.max(0.1, Math.min(wanted, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height))))
}

export async function svgToPng(svg: string, wanted = 2): Promise<Blob> {
  const { width, height } = svgSize(svg)
  const scale = pngScale(width, height, wanted)
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }))
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(width * scale)
    canvas.height = Math.round(height * scale)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('This browser cannot draw the image')
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made'))), 'image/png'))
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** The file name a response's Content-Disposition gives (the UTF-8 form first), or `fallback`. */
export function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1]
  if (star) {
    try {
      return decodeURIComponent(star)
    } catch {
      /* fall through */
    }
  }
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback
}

/** Saves a blob as a download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
