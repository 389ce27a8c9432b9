/**
 * Keyboard focus in the map grid, as grids in the WAI-ARIA practices do it:
 * the grid is one stop in the Tab order (one "roving" item has tabindex 0,
 * every other card and "Add" button -1), and the arrow keys move between
 * them. Items are the elements marked `data-grid-item` inside the cells
 * (`td`) of the grid's body; it works on the DOM so the thousand memoised
 * cards never re-render for a focus change.
 *
 * Up/Down: the previous/next item in the cell, then the cell above/below.
 * Left/Right: the item at the same position in the nearest cell with items
 * to that side. Home/End: the first/last item of the cell; with Ctrl, of the
 * whole grid.
 */
const ITEM = '[data-grid-item]'

const itemsOf = (td: Element) => [...td.querySelectorAll<HTMLElement>(ITEM)]

function cellOf(el: HTMLElement): HTMLTableCellElement | null {
  return el.closest('td')
}

function bodyRows(td: HTMLTableCellElement): HTMLTableRowElement[] {
  const body = td.closest('tbody')
  return body ? [...body.rows] : []
}

/** Makes `el` the grid's one tab stop and focuses it, scrolled into view. */
export function focusGridItem(el: HTMLElement): void {
  setRoving(el)
  el.focus({ preventScroll: true })
  el.scrollIntoView({ block: 'nearest', inline: 'nearest' })
}

/** Makes `el` the grid's tab stop (tabindex 0), every other item -1. */
export function setRoving(el: HTMLElement): void {
  const grid = el.closest('table')
  grid?.querySelectorAll<HTMLElement>(`${ITEM}[tabindex="0"]`).forEach((other) => {
    if (other !== el) other.tabIndex = -1
  })
  el.tabIndex = 0
}

/** After a render: when no item is the tab stop (first render, or it was removed), the first item becomes it. */
export function ensureRoving(root: HTMLElement | null): void {
  if (!root || root.querySelector(`${ITEM}[tabindex="0"]`)) return
  const first = root.querySelector<HTMLElement>(`tbody ${ITEM}`)
  if (first) first.tabIndex = 0
}

/** The item a key leads to from `from`, or null when the key is not a move (or leads nowhere). */
export function gridTarget(from: HTMLElement, key: string, ctrl: boolean): HTMLElement | null {
  const td = cellOf(from)
  if (!td) return null
  const rows = bodyRows(td)
  const row = td.parentElement as HTMLTableRowElement
  const r = rows.indexOf(row)
  const c = td.cellIndex
  const here = itemsOf(td)
  const i = here.indexOf(from)
  const cell = (rr: number, cc: number) => rows[rr]?.cells[cc] ?? null

  if ((key === 'Home' || key === 'End') && ctrl) {
    const all = [...(td.closest('tbody')?.querySelectorAll<HTMLElement>(ITEM) ?? [])]
    return (key === 'Home' ? all[0] : all[all.length - 1]) ?? null
  }
  if (key === 'Home') return here[0] ?? null
  if (key === 'End') return here[here.length - 1] ?? null
  if (key === 'ArrowDown' || key === 'ArrowUp') {
    const step = key === 'ArrowDown' ? 1 : -1
    if (here[i + step]) return here[i + step]!
    for (let rr = r + step; rr >= 0 && rr < rows.length; rr += step) {
      const items = itemsOf(cell(rr, c) ?? document.createElement('td'))
      if (items.length) return step > 0 ? items[0]! : items[items.length - 1]!
    }
    return null
  }
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const step = key === 'ArrowRight' ? 1 : -1
    // Column 0 is the segment's header cell (a th), so cells start at 1.
    for (let cc = c + step; cc >= 1 && cc < row.cells.length; cc += step) {
      const target = cell(r, cc)
      if (!target || target.tagName !== 'TD') continue
      const items = itemsOf(target)
      if (items.length) return items[Math.min(Math.max(i, 0), items.length - 1)]!
    }
    return null
  }
  return null
}

/** Handles a navigation key on a grid item; true when it moved the focus (the caller prevents the default). */
export function onGridKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; currentTarget: HTMLElement }): boolean {
  const to = gridTarget(e.currentTarget, e.key, e.ctrlKey || e.metaKey)
  if (!to) return false
  focusGridItem(to)
  return true
}
