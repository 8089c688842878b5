// The one way the tests start Chromium (the CSP test in src/main/security.test.ts and the app's
// end-to-end tests): Debian's build, or CHROMIUM_PATH.
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/**
 * Headless, without the sandbox (the suite runs as root in CI, where Chromium refuses it) or the
 * GPU, and without its background traffic. No Playwright time limit (0): starting is waited for
 * as an event, and a busy machine makes it slow, not wrong; vitest's hook timeout still ends a
 * start that never comes.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    timeout: 0,
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage']
  })
}
