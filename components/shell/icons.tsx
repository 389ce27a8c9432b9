/**
 * Small stroke icons (24x24), decorative: always aria-hidden. One icon, one
 * meaning: each name below stands for one thing across the product's menus.
 */
const paths = {
  home: 'M3 11l9-8 9 8M5 9.5V21h5v-6h4v6h5V9.5',
  target: 'M12 3a9 9 0 110 18 9 9 0 010-18zm0 4a5 5 0 110 10 5 5 0 010-10zm0 4a1 1 0 110 2 1 1 0 010-2z',
  sliders: 'M4 6h10m4 0h2M4 12h4m4 0h8M4 18h12m4 0h0M14 4v4M8 10v4M16 16v4',
  users: 'M9 11a4 4 0 100-8 4 4 0 000 8zm-7 10a7 7 0 0114 0M16 3.5a4 4 0 010 7.5M18 14a6 6 0 014 7',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3zM9 12l2 2 4-4',
  building: 'M4 21V5l8-3v19M12 8h8v13M2 21h20M7 8h2M7 12h2M7 16h2M15 12h2M15 16h2',
  key: 'M15 3a6 6 0 11-4.7 9.7L3 20v-3h3v-3h3l1.3-1.3A6 6 0 0115 3zm1.5 3.5a1 1 0 110 2 1 1 0 010-2z',
  code: 'M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16',
  clock: 'M12 3a9 9 0 110 18 9 9 0 010-18zm0 4v5l3 2',
  menu: 'M4 6h16M4 12h16M4 18h16',
  close: 'M6 6l12 12M18 6L6 18',
  back: 'M15 6l-6 6 6 6',
  maps: 'M3 6l6-3 6 3 6-3v15l-6 3-6-3-6 3V6zm6-3v15m6-12v15',
  touchpoints: 'M12 3a4 4 0 110 8 4 4 0 010-8zM5 21a7 7 0 0114 0M4 8h2m12 0h2',
  insights: 'M9 18h6M10 21h4M12 3a6 6 0 00-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0012 3z',
  analysis: 'M4 20V10m6 10V4m6 16v-7m6 7H2',
  audits: 'M9 5h6M9 3h6v4H9zM7 5H5v16h14V5h-2M9 12l2 2 4-4',
  settings: 'M12 9a3 3 0 110 6 3 3 0 010-6zM19.4 15a1.7 1.7 0 00.3 1.8l.1.1a2 2 0 11-2.8 2.8l-.1-.1a1.7 1.7 0 00-1.8-.3 1.7 1.7 0 00-1 1.5V21a2 2 0 11-4 0v-.1a1.7 1.7 0 00-1.1-1.5 1.7 1.7 0 00-1.8.3l-.1.1a2 2 0 11-2.8-2.8l.1-.1a1.7 1.7 0 00.3-1.8 1.7 1.7 0 00-1.5-1H3a2 2 0 110-4h.1a1.7 1.7 0 001.5-1.1 1.7 1.7 0 00-.3-1.8l-.1-.1a2 2 0 112.8-2.8l.1.1a1.7 1.7 0 001.8.3H9a1.7 1.7 0 001-1.5V3a2 2 0 114 0v.1a1.7 1.7 0 001 1.5 1.7 1.7 0 001.8-.3l.1-.1a2 2 0 112.8 2.8l-.1.1a1.7 1.7 0 00-.3 1.8V9a1.7 1.7 0 001.5 1H21a2 2 0 110 4h-.1a1.7 1.7 0 00-1.5 1z',
  chevron: 'M6 9l6 6 6-6',
  check: 'M5 12l5 5L20 7',
  plus: 'M12 5v14M5 12h14',
  user: 'M12 12a4 4 0 100-8 4 4 0 000 8zm-7 9a7 7 0 0114 0',
  personas: 'M4 4h16v16H4zM12 7.5a2.5 2.5 0 110 5 2.5 2.5 0 010-5zM7.5 17a4.5 4.5 0 019 0',
  kpis: 'M3 20h18M5 16l4-5 4 3 6-8M15 6h4v4',
  send: 'M21 3L10 14M21 3l-7 18-4-7-7-4 18-7z',
} as const

export type IconName = keyof typeof paths

export function Icon({ name, className = 'h-5 w-5' }: { name: IconName; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true" focusable="false">
      <path d={paths[name]} />
    </svg>
  )
}
