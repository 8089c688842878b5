import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from './security'

describe('external links', () => {
  it('lets plain https pages through', () => {
    expect(isSafeExternalUrl('https://github.com/compress-video/issues')).toBe(true)
  })
  it('refuses every other scheme and credentials in URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'ms-msdt:/id',
      'http://example.com',
      'https://user:pw@example.com',
      'not a url',
      ''
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false)
    }
  })
})

describe('content security policy', () => {
  it('allows no inline or remote script and no eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:/)
  })
})
