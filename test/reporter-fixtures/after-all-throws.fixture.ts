import { afterAll, describe, expect, it } from 'vitest'

describe('a suite whose afterAll throws', () => {
  afterAll(() => {
    throw new Error('clean-up failed')
  })
  it('passes before the clean-up fails', () => expect(2 * 2).toBe(4))
})
