// The e2e project's global setup: builds the app once per test run, in vitest's main process,
// before any e2e test file starts (vitest runs a project's global setup only when that project
// has tests queued, so unit-only runs never pay for a build).
import { buildAppIfStale } from './build'

export default function setup(): void {
  buildAppIfStale()
}
