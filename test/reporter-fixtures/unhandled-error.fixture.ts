// An error thrown outside any test (here: a rejected promise nobody awaits).
import { expect, it } from 'vitest'

it('passes but leaves a rejection behind', () => {
  void Promise.reject(new Error('nobody handles this'))
  expect(true).toBe(true)
})
