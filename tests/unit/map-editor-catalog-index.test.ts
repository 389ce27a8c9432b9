import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addTouchpoint, touchpointsOf, updateTouchpoint } from '@/lib/maps/doc-schema'
import { CatalogIndex, previewCatalog } from '@/components/map-editor/catalog-index'

describe('the map editor catalog index', () => {
  it('reads touchpoints lazily and keeps unchanged ones as the same object', () => {
    const doc = new Y.Doc()
    const a = addTouchpoint(doc, { name: 'Invoice email' }, null)
    const b = addTouchpoint(doc, { name: 'Store', kind: 'physical' }, null)
    const index = new CatalogIndex(doc)
    let notified = 0
    index.subscribe(() => notified++)
    const ta = index.get(a)!
    const tb = index.get(b)!
    expect(ta.name).toBe('Invoice email')
    expect(index.get(a)).toBe(ta)
    expect(index.get('missing')).toBeUndefined()

    updateTouchpoint(doc, a, { name: 'Invoice email (PDF)' }, 'u1')
    expect(notified).toBe(1)
    expect(index.get(a)!.name).toBe('Invoice email (PDF)')
    expect(index.get(a)).not.toBe(ta)
    expect(index.get(b)).toBe(tb)

    const c = addTouchpoint(doc, { name: 'Delivery' }, null)
    expect(index.all().map((t) => t.name).sort()).toEqual(['Delivery', 'Invoice email (PDF)', 'Store'])
    touchpointsOf(doc).delete(c)
    expect(index.get(c)).toBeUndefined()
    expect(index.all()).toHaveLength(2)
  })

  it('forgets what it read when it stopped watching for a while', () => {
    const doc = new Y.Doc()
    const a = addTouchpoint(doc, { name: 'Invoice email' }, null)
    const index = new CatalogIndex(doc)
    expect(index.get(a)!.name).toBe('Invoice email')
    index.stop()
    updateTouchpoint(doc, a, { name: 'Renamed meanwhile' }, null)
    index.start()
    expect(index.get(a)!.name).toBe('Renamed meanwhile')
  })

  it('sees a whole synced catalog arrive in one update', () => {
    const server = new Y.Doc()
    const ids = Array.from({ length: 50 }, (_, i) => addTouchpoint(server, { name: `Touchpoint ${i}` }, null))
    const doc = new Y.Doc()
    const index = new CatalogIndex(doc)
    expect(index.get(ids[0]!)).toBeUndefined()
    const before = index.version
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    expect(index.version).toBeGreaterThan(before)
    expect(index.get(ids[49]!)!.name).toBe('Touchpoint 49')
  })

  it('previews placed touchpoints from the read model as full touchpoints', () => {
    const p = previewCatalog([{ id: 't1', name: 'Store', kind: 'physical', status: 'active', ownerUserId: 'u1', ownerDepartmentId: null }])
    expect(p.get('t1')).toMatchObject({ id: 't1', name: 'Store', kind: 'physical', ownerUserId: 'u1', description: '', supportingProcesses: '' })
  })
})
