// `--min-quality` and `--allow-below-floor` (issue #12) as a user runs them: the built CLI, a real clip.
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCliOnce } from './build-cli'
import { runCli } from './cli-runner'
import { copyInto, listFolder, makeWorkDir } from './fixtures'
import { footagePath } from './footage'

beforeAll(async () => {
  await buildCliOnce()
})

describe('compress-video --min-quality', () => {
  it('a floor the target cannot meet: exit 1, the smallest size in the message and in --json, nothing written', async () => {
    const dir = await makeWorkDir('cli-floor')
    const input = await copyInto(footagePath('rocket'), dir)
    const run = await runCli([input, '--target-size', '120KB', '--min-quality', 'good', '--json'])
    expect(run.code).toBe(1)
    const line = JSON.parse(run.stdout.trim()) as Record<string, unknown>
    expect(line).toMatchObject({ status: 'failed', output: null, smallestBytesForFloor: expect.any(Number) })
    expect(Number(line.smallestBytesForFloor)).toBeGreaterThan(120_000)
    expect(String(line.message)).toMatch(/for 'slight softening' or better it needs about .* --allow-below-floor/)
    expect(await listFolder(dir)).toEqual(['rocket_640x360_launch.webm'])
  })

  it("without --json the reason is said (SSIM 0.99: not even the original's size re-encodes that well); an unknown floor is a usage error (exit 2)", async () => {
    const dir = await makeWorkDir('cli-floor-text')
    const input = await copyInto(footagePath('rocket'), dir)
    const run = await runCli([input, '-t', '120KB', '--min-quality', '0.99'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/for SSIM 0\.990 not even the original's size is enough/)
    const usage = await runCli([input, '-t', '120KB', '--min-quality', 'great'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--min-quality great: choose good/)
  })
})
