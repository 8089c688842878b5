import { describe, expect, it } from 'vitest'
import { UserFacingError } from '../shared/errors'
import { failedResult, resultFromError, skippedResult } from './results'

describe('results that are not a finished compression', () => {
  it('a failure has no output and keeps its code', () => {
    expect(failedResult({ input: '/v/a.mp4', inputBytes: 10 }, { code: 'not-found', message: 'gone' })).toEqual({
      status: 'failed',
      input: '/v/a.mp4',
      output: null,
      inputBytes: 10,
      outputBytes: null,
      message: 'gone',
      changes: [],
      elapsedMs: 0,
      errorCode: 'not-found'
    })
  })

  it('the code "cancelled" makes a cancelled result', () => {
    expect(failedResult({ input: 'a' }, { code: 'cancelled', message: 'Cancelled.' }).status).toBe('cancelled')
  })

  it('a thrown error is described for people, with its code', () => {
    const result = resultFromError({ input: 'a', elapsedMs: 5 }, new UserFacingError('disk-full', 'The disk is full.'))
    expect(result).toMatchObject({ status: 'failed', errorCode: 'disk-full', message: 'The disk is full.', elapsedMs: 5 })
  })

  it('a skipped result keeps what was decided and carries no error code', () => {
    const result = skippedResult({ input: 'a', inputBytes: 3, changes: ['kept 720p'] }, 'Already under 1 MB')
    expect(result).toMatchObject({ status: 'skipped', output: null, inputBytes: 3, changes: ['kept 720p'], message: 'Already under 1 MB' })
    expect(result.errorCode).toBeUndefined()
  })
})
