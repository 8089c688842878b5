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

  it("plan --file says it before any work, in the CLI's language: the floor missed and the size that meets it", async () => {
    const dir = await makeWorkDir('cli-floor-plan')
    const input = await copyInto(footagePath('rocket'), dir)
    const run = await runCli(['plan', '压到120KB，画质别损失太多', '--file', input, '--json', '--lang', 'zh-CN'])
    expect(run.code).toBe(0)
    const plan = JSON.parse(run.stdout) as { minQuality: unknown; warnings: string[]; details: { file: Record<string, unknown> } }
    expect(plan.minQuality).toBe('good')
    expect(plan.details.file).toMatchObject({ meetsFloor: false, smallestBytesForFloor: expect.any(Number) })
    expect(plan.warnings.join('\n')).toMatch(/达不到画质下限：压到 120 KB，这个视频会有明显方块（SSIM 0\.\d{4}）；要达到“稍有模糊”或更好，大约需要 [\d.]+ KB/)
    expect(await listFolder(dir)).toEqual(['rocket_640x360_launch.webm'])
  })
})
