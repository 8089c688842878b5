// Runs once per test run in vitest's main process, before any test file starts: fetches the real
// footage (cached outside git) so `npm test` works on a fresh machine, and makes the generated
// fixture clips (cached likewise), so that no test file spends its hooks' time making them.
import { prepareFixtures } from './fixtures'
import { ensureFootage } from './footage'

export default async function setup(): Promise<void> {
  await ensureFootage()
  await prepareFixtures()
}
