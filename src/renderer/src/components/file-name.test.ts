import { describe, expect, it } from 'vitest'
import { splitForMiddleEllipsis } from './file-name'

describe('file names shortened in the middle', () => {
  it('keeps the extension and a few characters before it whole', () => {
    expect(splitForMiddleEllipsis('webcam recording of the Thursday team meeting, front camera.mp4')).toEqual({
      start: 'webcam recording of the Thursday team meeting, front ',
      end: 'camera.mp4'
    })
    expect(splitForMiddleEllipsis('holiday part 2.mov')).toEqual({ start: 'holiday ', end: 'part 2.mov' })
  })

  it('shows short names whole, and treats a long "extension" as part of the name', () => {
    expect(splitForMiddleEllipsis('in.mp4')).toEqual({ start: '', end: 'in.mp4' })
    expect(splitForMiddleEllipsis('.hidden')).toEqual({ start: '.', end: 'hidden' })
    expect(splitForMiddleEllipsis('recording.unfinished-backup')).toEqual({ start: 'recording.unfinished-', end: 'backup' })
  })

  it('never splits a character in two', () => {
    const parts = splitForMiddleEllipsis('家族旅行の思い出🎉🎉🎉.mp4')
    expect(parts).toEqual({ start: '家族旅行の', end: '思い出🎉🎉🎉.mp4' })
    expect(parts.start + parts.end).toBe('家族旅行の思い出🎉🎉🎉.mp4')
  })
})
