import { describe, expect, it } from 'vitest'
import { interpretRequest } from './request'

describe('interpretRequest', () => {
  it('reads the preset chips into options with a one-line plan', () => {
    const discord = interpretRequest('for Discord')
    expect(discord.error).toBeNull()
    expect(discord.options?.targetBytes).toBe(10_000_000)
    expect(discord.summary).toMatch(/10 MB/)
    expect(interpretRequest('720p').options?.resolution).toBe(720)
    expect(interpretRequest('smallest file').options?.quality).toBe('small')
  })

  it('treats an empty box as "engine decides", not as an error', () => {
    expect(interpretRequest('   ')).toMatchObject({ options: {}, error: null })
  })

  it('explains a request that cannot be a compression, without options', () => {
    const refused = interpretRequest('under 0 MB')
    expect(refused.options).toBeNull()
    expect(refused.error).toMatch(/\w+/)
  })
})
