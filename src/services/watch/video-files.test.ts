// Which names a watch folder takes (issue #5 "Behaviour").
import { describe, expect, it } from 'vitest'
import { WATCHED_VIDEO_EXTENSIONS, classifyWatchedPath } from './video-files'

describe('classifyWatchedPath', () => {
  it.each(WATCHED_VIDEO_EXTENSIONS.map((extension) => [`/in/clip.${extension}`]))('takes %s', (file) => {
    expect(classifyWatchedPath(file)).toBeNull()
  })

  it.each([
    ['/in/CLIP.MOV', null],
    ['/in/trip.2024.mp4', null],
    ['/in/movie.mp4.part', 'partial-download'],
    ['/in/movie.mp4.crdownload', 'partial-download'],
    ['/in/movie.mp4.download', 'partial-download'],
    ['/in/movie.tmp', 'partial-download'],
    ['/in/.movie.mp4', 'hidden'],
    ['/in/.movie.compressing-1a2b3c4d.mp4', 'hidden'],
    ['/in/notes.txt', 'not-a-video'],
    ['/in/photo.jpg', 'not-a-video'],
    ['/in/no-extension', 'not-a-video'],
    ['/in/movie.compressed.mp4', 'compressed-output'],
    ['/in/movie.compressed (2).webm', 'compressed-output'],
    ['/in/compressed.mp4', null]
  ])('%s -> %s', (file, reason) => {
    expect(classifyWatchedPath(file)).toBe(reason)
  })
})
