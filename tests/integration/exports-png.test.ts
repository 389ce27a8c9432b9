/**
 * The PNG export runs in the browser (components/exports/svg-to-png.ts): here
 * it runs in Chromium on the SVG export of a map, and the PNG is checked (2x
 * size, white background, coloured card strips drawn).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MapExport } from '@/lib/exports/map-export'
import { mapToSvg } from '@/lib/exports/svg'
import { pngScale, svgSize } from '@/components/exports/svg-to-png'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const ROOT = path.resolve(__dirname, '../..')

const tp = (id: string, name: string, kind: string) => ({
  id, name, kind, ownership: 'owned', control: 'direct', onsitePage: false, status: 'active', ownerDepartment: 'Marketing', ownerName: null, ownerEmail: null,
  description: '', channel: 'Email', interactions: '', supportingProcesses: '', supportingPeople: '', peopleMet: '', desiredOutcome: '', dataGenerated: '',
  customerDataUsed: '', optimalExperience: '', promises: '', emotions: '', dataCaptured: '', procedures: '',
})
const MAP: MapExport = {
  map: { id: 'm', name: 'Online shopping <&> “quotes”', template: 'purchase' },
  workspace: { id: 'w', name: 'Northwind Retail' },
  exportedAt: new Date('2026-11-23T12:00:00Z'),
  stages: ['Before purchase', 'During purchase', 'After purchase'].map((name, i) => ({ id: `s${i}`, name, description: '', weight: 3, position: i })),
  segments: [{ id: 'g0', name: 'Online shoppers', profile: 'Buy on phones in the evening', goal: 'grow', priority: 1, position: 0 }],
  placements: [
    { id: 'p0', stageId: 's0', segmentId: 'g0', position: 0, touchpoint: tp('t0', 'Search ads', 'communication') },
    { id: 'p1', stageId: 's1', segmentId: 'g0', position: 0, touchpoint: tp('t1', 'Checkout', 'communication') },
    { id: 'p2', stageId: 's2', segmentId: 'g0', position: 0, touchpoint: tp('t2', 'Home delivery', 'human') },
    { id: 'p3', stageId: 's2', segmentId: 'g0', position: 1, touchpoint: tp('t3', 'Packaging', 'physical') },
  ],
}

let browser: Browser | undefined
beforeAll(async () => {
  if (existsSync(CHROMIUM))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
})
afterAll(async () => browser?.close())

describe('PNG export (in the browser)', () => {
  it('keeps the canvas within browser limits', () => {
    expect(pngScale(1000, 800)).toBe(2)
    expect(pngScale(12_000, 3000) * 12_000).toBeLessThanOrEqual(16_000)
    expect(pngScale(9000, 9000) ** 2 * 81e6).toBeLessThanOrEqual(100_000_001)
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="740.5" height="300">')).toEqual({ width: 740.5, height: 300 })
  })

  it.skipIf(!existsSync(CHROMIUM))('draws the SVG export on a canvas at 2x and encodes a PNG', async () => {
    const svg = mapToSvg(MAP)
    const { width, height } = svgSize(svg)
    const source = readFileSync(path.join(ROOT, 'components/exports/svg-to-png.ts'), 'utf8')
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText.replace(/^export /gm, '')
    const page = await browser!.newPage()
    try {
      await page.setContent('<!doctype html><html><body></body></html>')
      await page.addScriptTag({ content: `${js}\nwindow.svgToPng = svgToPng;` })
      const out = await page.evaluate(async (text) => {
        const blob = await (window as unknown as { svgToPng: (s: string) => Promise<Blob> }).svgToPng(text)
        const bmp = await createImageBitmap(blob)
        const c = new OffscreenCanvas(bmp.width, bmp.height)
        const ctx = c.getContext('2d')!
        ctx.drawImage(bmp, 0, 0)
        const px = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data]
        const bytes = new Uint8Array(await blob.arrayBuffer())
        let bin = ''
        for (const b of bytes) bin += String.fromCharCode(b)
        return { type: blob.type, w: bmp.width, h: bmp.height, corner: px(2, 2), base64: btoa(bin) }
      }, svg)
      expect(out.type).toBe('image/png')
      expect([out.w, out.h]).toEqual([Math.round(width * 2), Math.round(height * 2)])
      expect(out.corner).toEqual([255, 255, 255, 255])
      const png = Buffer.from(out.base64, 'base64')
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
      expect(png.readUInt32BE(16)).toBe(out.w)
      if (process.env.EXPORT_PREVIEW_DIR) {
        mkdirSync(process.env.EXPORT_PREVIEW_DIR, { recursive: true })
        writeFileSync(path.join(process.env.EXPORT_PREVIEW_DIR, 'client.png'), png)
      }
    } finally {
      await page.close()
    }
  })
})
