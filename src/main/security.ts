// Window security rules as plain functions (issue #4 "A window with secure defaults"; Electron
// security checklist items 13-15): the CSP the page runs under, and which external links may be
// handed to the OS. Kept free of Electron so they are unit-tested.

/**
 * Scripts and styles only from the app itself; no eval, no inline script, no remote content, no
 * plugins, no framing. `style-src 'self'` still lets React set element.style (CSSOM), which CSP
 * does not govern; only inline <style>/style="" markup is refused.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')

/** Only plain web pages (https, or http for localhost docs) go to the browser; never file:, javascript:, custom schemes. */
export function isSafeExternalUrl(candidate: string): boolean {
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')
}
