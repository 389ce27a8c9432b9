/**
 * Values an attacker puts in `?callbackUrl=` (and what a safe answer is), for
 * the unit table (tests/unit/safe-redirect.test.ts) and the same table in
 * Chromium (tests/e2e/redirects.spec.ts). `APP` stands for the app's origin.
 * `expected` is the path the app must send the browser to; `null` means the
 * dashboard (`/`).
 */
export const REDIRECT_CASES: { value: string; expected: string | null }[] = [
  { value: '/w/acme/maps', expected: '/w/acme/maps' },
  { value: '/w/acme/maps?view=compact#stage-3', expected: '/w/acme/maps?view=compact#stage-3' },
  { value: '/w/acme?next=https://evil.example', expected: '/w/acme?next=https://evil.example' },
  { value: 'APP/w/acme', expected: '/w/acme' },
  { value: '//APPHOST/w/acme', expected: '/w/acme' },
  { value: 'evil.example', expected: '/evil.example' },
  { value: 'http:evil.example', expected: '/evil.example' },
  { value: '/%2F%2Fevil.example', expected: '/%2F%2Fevil.example' },
  { value: '/%09/evil.example', expected: '/%09/evil.example' },
  { value: '', expected: null },
  { value: '//evil.example', expected: null },
  { value: '///evil.example', expected: null },
  { value: '////evil.example/x', expected: null },
  { value: '/\\evil.example', expected: null },
  { value: '\\\\evil.example', expected: null },
  { value: '/\\/evil.example', expected: null },
  { value: '/\t/evil.example', expected: null },
  { value: '/\n/evil.example', expected: null },
  { value: '/\r\n/evil.example', expected: null },
  { value: '/\t\\evil.example', expected: null },
  { value: '\t//evil.example', expected: null },
  { value: '/\u0000/evil.example', expected: null },
  { value: '/\u007f/evil.example', expected: null },
  { value: '/\u0085/evil.example', expected: null },
  { value: '/.//evil.example', expected: null },
  { value: '/w/../..//evil.example', expected: null },
  { value: 'https://evil.example/w/acme', expected: null },
  { value: 'https:evil.example', expected: null },
  { value: 'https:/evil.example', expected: null },
  { value: 'APP@evil.example/', expected: null },
  { value: 'http://evil.example@APPHOST/w', expected: null },
  { value: 'javascript:alert(document.domain)', expected: null },
  { value: 'data:text/html,<script>alert(1)</script>', expected: null },
  { value: 'http://APPHOSTNAME:1/w/acme', expected: null },
  { value: '/' + 'a'.repeat(3000), expected: null },
]

/** The case's value with the app's origin filled in. */
export function redirectValue(value: string, appOrigin: string): string {
  const u = new URL(appOrigin)
  return value.replaceAll('APPHOSTNAME', u.hostname).replaceAll('APPHOST', u.host).replaceAll('APP', appOrigin)
}
