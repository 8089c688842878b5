import { describe, expect, it } from 'vitest'
import { createTrustedPageCheck } from './ipc'
import { createPermissionPolicy } from './permissions'

const RENDERER = 'file:///opt/Compress%20Video/resources/app.asar/out/renderer/index.html'
const isTrustedPage = createTrustedPageCheck(RENDERER)

// Every name Electron 38 passes to setPermissionRequestHandler or setPermissionCheckHandler.
const ELECTRON_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'hid',
  'idle-detection',
  'keyboardLock',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'openExternal',
  'pointerLock',
  'serial',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'unknown',
  'usb',
  'window-management'
]

describe('web permission policy', () => {
  it('refuses every permission, even to the top frame of our own page', () => {
    const permitted = createPermissionPolicy(isTrustedPage)
    for (const permission of ELECTRON_PERMISSIONS) {
      expect(permitted({ permission, requestingUrl: RENDERER, isMainFrame: true }), permission).toBe(false)
    }
  })

  it('grants an allowed permission only to the top frame of our own page', () => {
    const permitted = createPermissionPolicy(isTrustedPage, new Set(['clipboard-sanitized-write']))
    const ask = { permission: 'clipboard-sanitized-write', requestingUrl: RENDERER, isMainFrame: true }
    expect(permitted(ask)).toBe(true)
    expect(permitted({ ...ask, permission: 'clipboard-read' }), 'another permission').toBe(false)
    expect(permitted({ ...ask, isMainFrame: false }), 'a subframe of our page').toBe(false)
    expect(permitted({ ...ask, requestingUrl: undefined, isMainFrame: false }), 'a cross-origin subframe (no URL)').toBe(false)
    for (const url of [
      'https://evil.example/',
      'file:///tmp/index.html',
      'file://server/opt/Compress%20Video/resources/app.asar/out/renderer/index.html',
      ''
    ]) {
      expect(permitted({ ...ask, requestingUrl: url }), url).toBe(false)
    }
  })
})
