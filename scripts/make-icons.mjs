// Draws the app icons from the logo (app/icon.svg, app/favicon.ico, app/apple-icon.png,
// public/icon-192.png, public/icon-512.png) in Chromium. Run once when the logo changes:
// node scripts/make-icons.mjs
import { chromium } from '@playwright/test'
import { writeFileSync } from 'node:fs'
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4338ca"/><circle cx="9" cy="16" r="3" fill="#fff"/><circle cx="23" cy="10" r="3" fill="#fff"/><circle cx="23" cy="22" r="3" fill="#fff"/><path d="M11.5 15 20.5 11M11.5 17l9 4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/></svg>`
writeFileSync('app/icon.svg', svg + '\n')
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const p = await b.newPage()
const out = {}
for (const [name, size, full] of [['16', 16, false], ['32', 32, false], ['48', 48, false], ['apple', 180, true], ['192', 192, false], ['512', 512, false]]) {
  await p.setViewportSize({ width: size, height: size })
  // The apple icon is drawn on a full square (iOS rounds the corners itself).
  const s = full ? svg.replace('rx="8"', 'rx="0"') : svg
  await p.setContent(`<html><body style="margin:0;background:transparent">${s.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`)
  out[name] = await p.screenshot({ omitBackground: true })
}
await b.close()
writeFileSync('app/apple-icon.png', out.apple)
writeFileSync('public/icon-192.png', out['192'])
writeFileSync('public/icon-512.png', out['512'])
// favicon.ico: an ICO directory of PNG images (16, 32, 48), as every browser reads.
const imgs = [[16, out['16']], [32, out['32']], [48, out['48']]]
const header = Buffer.alloc(6); header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(imgs.length, 4)
let offset = 6 + 16 * imgs.length
const dirs = imgs.map(([size, png]) => {
  const d = Buffer.alloc(16)
  d.writeUInt8(size, 0); d.writeUInt8(size, 1); d.writeUInt8(0, 2); d.writeUInt8(0, 3)
  d.writeUInt16LE(1, 4); d.writeUInt16LE(32, 6); d.writeUInt32LE(png.length, 8); d.writeUInt32LE(offset, 12)
  offset += png.length
  return d
})
writeFileSync('app/favicon.ico', Buffer.concat([header, ...dirs, ...imgs.map(([, p]) => p)]))
