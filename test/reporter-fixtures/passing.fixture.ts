import { describe, expect, it } from 'vitest'

describe('a suite that passes', () => {
  it('passes', () => expect(1 + 1).toBe(2))
  it.skip('is skipped', () => expect(true).toBe(false))
})
