/** "Chrome on Linux" from a User-Agent header; null when there is none. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /HeadlessChrome/.test(ua)
            ? 'Chrome'
            : null
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : null
  if (!browser && !os) return ua.slice(0, 60)
  return [browser ?? 'Browser', os].filter(Boolean).join(' on ')
}
