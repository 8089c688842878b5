import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../test/chromium'
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from './security'

describe('external links', () => {
  it('lets plain https pages through, and http only for this machine', () => {
    expect(isSafeExternalUrl('https://github.com/compress-video/issues')).toBe(true)
    expect(isSafeExternalUrl('http://localhost:8080/docs')).toBe(true)
    expect(isSafeExternalUrl('http://127.0.0.1/docs')).toBe(true)
  })
  it('refuses every other scheme and credentials in URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'ms-msdt:/id',
      'http://example.com',
      'http://localhost.example.com/',
      'https://user:pw@example.com',
      'not a url',
      ''
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false)
    }
  })
})

// The policy applied for real: Chromium (the engine Electron runs the window in) loads a page of
// probes under it, each trying one kind of content and noting whether it ran. The same page with
// no policy is the control: there every probe runs, so a probe that does not run under the policy
// was refused by the policy, not by the probe being wrong.
/** The policy the built page carries in a meta tag (the header is for the dev server). */
const RENDERER_HTML = path.resolve(__dirname, '..', 'renderer', 'index.html')
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

type Outcome = 'ran' | 'refused'
type Outcomes = Record<string, Outcome>

/** Every probe the page makes, and whether the app's policy must let it run. */
const UNDER_THE_POLICY: Outcomes = {
  'script from the app': 'ran',
  'stylesheet from the app': 'ran',
  'data: image': 'ran',
  'fetch from the app': 'ran',
  'inline script': 'refused',
  'inline event handler': 'refused',
  eval: 'refused',
  'new Function': 'refused',
  'script from another origin': 'refused',
  'stylesheet from another origin': 'refused',
  'image from another origin': 'refused',
  'fetch to another origin': 'refused',
  'inline <style>': 'refused',
  'inline style attribute': 'refused'
}

/** Runs in the page, from the page's own origin: each probe records 'ran' or 'refused' in window.__probes. */
function probeScript(remote: string): string {
  return `
    const outcomes = {}
    window.__probes = { ran: (name) => { outcomes[name] = 'ran' } }
    outcomes['script from the app'] = 'ran'
    const pending = []
    const loads = (name, element, start) => {
      pending.push(new Promise((resolve) => {
        element.onload = () => resolve((outcomes[name] = 'ran'))
        element.onerror = () => resolve((outcomes[name] = 'refused'))
      }))
      start(element)
    }
    try { eval('1'); outcomes.eval = 'ran' } catch { outcomes.eval = 'refused' }
    try { new Function('return 1')(); outcomes['new Function'] = 'ran' } catch { outcomes['new Function'] = 'refused' }
    loads('script from another origin', document.createElement('script'), (element) => { element.src = '${remote}/remote.js'; document.head.append(element) })
    loads('stylesheet from another origin', document.createElement('link'), (element) => { element.rel = 'stylesheet'; element.href = '${remote}/remote.css'; document.head.append(element) })
    loads('image from another origin', new Image(), (element) => { element.src = '${remote}/pixel.png' })
    loads('data: image', new Image(), (element) => { element.src = 'data:image/png;base64,${PIXEL.toString('base64')}' })
    const fetched = (name, url) => pending.push(fetch(url).then((answer) => answer.text()).then(() => (outcomes[name] = 'ran'), () => (outcomes[name] = 'refused')))
    fetched('fetch from the app', '/data')
    fetched('fetch to another origin', '${remote}/data')
    const loaded = new Promise((resolve) => window.addEventListener('load', resolve))
    // After the load event every element of the page was parsed (inline scripts and styles ran or
    // were refused) and every stylesheet applied; the probes above settle on their own events.
    window.__probesDone = loaded.then(() => Promise.all(pending)).then(() => {
      const width = (id) => getComputedStyle(document.getElementById(id)).width
      const styled = (name, id, expected) => { outcomes[name] = width(id) === expected ? 'ran' : 'refused' }
      styled('stylesheet from the app', 'app-style', '11px')
      styled('inline <style>', 'inline-style-element', '22px')
      styled('inline style attribute', 'inline-style-attribute', '33px')
      for (const name of ['inline script', 'inline event handler']) outcomes[name] ??= 'refused'
      return outcomes
    })
  `
}

function page(meta: string | null): string {
  return `<!doctype html>
<html>
  <head>
    ${meta === null ? '' : `<meta http-equiv="Content-Security-Policy" content="${meta}">`}
    <script src="/probe.js"></script>
    <link rel="stylesheet" href="/app.css">
    <style>#inline-style-element { width: 22px }</style>
    <script>window.__probes.ran('inline script')</script>
  </head>
  <body>
    <div id="app-style"></div>
    <div id="inline-style-element"></div>
    <div id="inline-style-attribute" style="width: 33px"></div>
    <img src="data:image/png;base64,${PIXEL.toString('base64')}" onload="window.__probes.ran('inline event handler')">
  </body>
</html>`
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

describe('content security policy, applied by Chromium', () => {
  let browser: Browser
  let app: { server: Server; origin: string }
  let remote: { server: Server; origin: string }
  /** Every request that reached the other origin. */
  const remoteRequests: string[] = []
  /** How the app origin serves the probe page: under the header, the meta tag, or no policy. */
  let policy: { header: string | null; meta: string | null } = { header: null, meta: null }

  beforeAll(async () => {
    remote = await listen((request, response) => {
      remoteRequests.push(request.url ?? '')
      // CORS allowed, so that only the policy can stop the cross-origin fetch.
      const headers = { 'access-control-allow-origin': '*' }
      if (request.url === '/remote.js')
        response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end("window.__probes.ran('script from another origin')")
      else if (request.url === '/remote.css') response.writeHead(200, { ...headers, 'content-type': 'text/css' }).end('body { margin: 1px }')
      else if (request.url === '/framing') response.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${app.origin}/"></iframe>`)
      else if (request.url === '/pixel.png') response.writeHead(200, { ...headers, 'content-type': 'image/png' }).end(PIXEL)
      else response.writeHead(200, { ...headers, 'content-type': 'text/plain' }).end('remote data')
    })
    app = await listen((request, response) => {
      const headers: Record<string, string> = policy.header === null ? {} : { 'content-security-policy': policy.header }
      if (request.url === '/probe.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(probeScript(remote.origin))
      else if (request.url === '/app.css') response.writeHead(200, { 'content-type': 'text/css' }).end('#app-style { width: 11px }')
      else if (request.url === '/data') response.writeHead(200, { 'content-type': 'text/plain' }).end('app data')
      else response.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page(policy.meta))
    })
    // No Playwright time limits: each wait is for an event (Chromium ready, the page's probes settled).
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    for (const running of [app, remote]) if (running) await new Promise((resolve) => running.server.close(resolve))
  })

  /** Loads the probe page as `policy` says and resolves with what ran and what the remote origin was asked for. */
  async function probe(served: typeof policy): Promise<{ outcomes: Outcomes; remoteRequests: string[] }> {
    policy = served
    remoteRequests.length = 0
    const context = await browser.newContext()
    try {
      const tab = await context.newPage()
      tab.setDefaultTimeout(0)
      await tab.goto(`${app.origin}/`)
      const outcomes = await tab.evaluate(() => (globalThis as unknown as { __probesDone: Promise<Outcomes> }).__probesDone)
      return { outcomes, remoteRequests: [...remoteRequests].sort() }
    } finally {
      await context.close()
    }
  }

  /** Whether the app's page shows (its script runs) inside a frame of a page from another origin. */
  async function showsInAFrame(served: typeof policy): Promise<boolean> {
    policy = served
    const context = await browser.newContext()
    try {
      const tab = await context.newPage()
      tab.setDefaultTimeout(0)
      // Resolves on the load event, which waits for the frame's own load (or its refusal page).
      await tab.goto(`${remote.origin}/framing`)
      const frame = tab.frames().find((candidate) => candidate !== tab.mainFrame())
      if (!frame) throw new Error('the framing page has no frame')
      return frame.url() === `${app.origin}/` && (await frame.evaluate(() => typeof (globalThis as { __probes?: unknown }).__probes)) === 'object'
    } finally {
      await context.close()
    }
  }

  it('the control: with no policy, every probe of the page runs, and another origin may frame it', async () => {
    const { outcomes, remoteRequests } = await probe({ header: null, meta: null })
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(UNDER_THE_POLICY).map((name) => [name, 'ran'])))
    expect(remoteRequests).toEqual(['/data', '/pixel.png', '/remote.css', '/remote.js'])
    expect(await showsInAFrame({ header: null, meta: null })).toBe(true)
  })

  it("as main's response header: no inline or remote script, no eval, no inline style, nothing from another origin", async () => {
    const { outcomes, remoteRequests } = await probe({ header: CONTENT_SECURITY_POLICY, meta: null })
    expect(outcomes).toEqual(UNDER_THE_POLICY)
    // Refused before any request left the page.
    expect(remoteRequests).toEqual([])
    // frame-ancestors 'none': no other page may frame the window (a header-only directive).
    expect(await showsInAFrame({ header: CONTENT_SECURITY_POLICY, meta: null })).toBe(false)
  })

  it("as the built page's meta tag: the same refusals", async () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(RENDERER_HTML, 'utf8'))?.[1]
    expect(meta, `a Content-Security-Policy meta tag in ${RENDERER_HTML}`).toBeDefined()
    const { outcomes, remoteRequests } = await probe({ header: null, meta: meta ?? '' })
    expect(outcomes).toEqual(UNDER_THE_POLICY)
    expect(remoteRequests).toEqual([])
  })
})
