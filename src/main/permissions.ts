// Web permissions for the renderer (Electron security checklist item 5, "Handle session permission
// requests from remote content"): camera, microphone, geolocation, web notifications, clipboard
// reads, fullscreen, device access... The app needs none of them, so every request and every check
// is refused. Desktop notifications are shown by the main process (Electron's Notification), which
// no web permission governs. Kept free of Electron so the decision is unit-tested; index.ts hands
// it to the session's permission request and check handlers.

/**
 * Web permissions our own page may use. None today: nothing in src/renderer calls a
 * permission-gated API (no clipboard, media, web notifications, fullscreen). Add a name here only
 * together with the feature that needs it (e.g. 'clipboard-sanitized-write' for a copy button).
 */
export const RENDERER_PERMISSIONS: ReadonlySet<string> = new Set()

/** What Electron tells both handlers about a permission request or check. */
export interface PermissionAsk {
  /** Chromium's name for it, as Electron passes it: 'media', 'clipboard-read', 'notifications', ... */
  readonly permission: string
  /** The URL of the frame asking; Electron leaves it out for checks from cross-origin subframes. */
  readonly requestingUrl: string | undefined
  readonly isMainFrame: boolean
}

/**
 * The policy: a permission is granted only when it is on the allowed list and asked for by the top
 * frame of our own page (the same trusted-page check the IPC wrapper uses). Anything else, and any
 * name Chromium adds later, is refused.
 */
export function createPermissionPolicy(
  isTrustedPage: (pageUrl: string) => boolean,
  allowed: ReadonlySet<string> = RENDERER_PERMISSIONS
): (ask: PermissionAsk) => boolean {
  return ({ permission, requestingUrl, isMainFrame }) => allowed.has(permission) && isMainFrame && requestingUrl !== undefined && isTrustedPage(requestingUrl)
}
