import { describe, expect, it } from 'vitest'
import { NemoClient } from './client'
import { MemoryClientIdStore } from './identity'

function clientFor(apiUrl: string): NemoClient {
  return new NemoClient({ apiUrl, clientIdStore: new MemoryClientIdStore(), appVersion: '1.0.0' })
}

describe('NemoClient API address', () => {
  it('refuses plain http to another computer, since every request carries the bearer token', () => {
    expect(() => clientFor('http://mega-api-prod.nemovideo.ai')).toThrow(/https:\/\//)
    expect(() => clientFor('http://192.168.1.20:8080')).toThrow(/https:\/\//)
    expect(() => clientFor('ftp://example.com')).toThrow(/https:\/\//)
  })

  it('accepts https anywhere and plain http on this computer (loopback test servers)', () => {
    expect(clientFor('https://mega-api-prod.nemovideo.ai/').apiUrl).toBe('https://mega-api-prod.nemovideo.ai')
    for (const url of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000']) expect(clientFor(url).apiUrl).toBe(url)
  })
})
