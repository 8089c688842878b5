// Test support for record.test.ts (not used by the app): a separate process that records many
// distinct inputs into a shared watch record, one save each, to race another process.
// Usage: node --import tsx record-writer.fixture.ts RECORD_FILE PREFIX COUNT
// Prints "ready", waits for a line on stdin so both racers start together, prints "done".
import { once } from 'node:events'
import { openWatchRecord } from './record'
import { fileRecordStorage } from './record-storage'

const [recordFileArg, prefixArg, countText] = process.argv.slice(2)
if (!recordFileArg || !prefixArg || !countText) throw new Error('usage: record-writer.fixture.ts RECORD_FILE PREFIX COUNT')
const recordFile: string = recordFileArg
const prefix: string = prefixArg

// A function, not top-level await: tsx loads this package's .ts files as CommonJS.
async function main(): Promise<void> {
  const open = () =>
    openWatchRecord({
      storage: fileRecordStorage(recordFile),
      saveDelayMs: 0,
      onWarning: (message) => process.stderr.write(`${message}\n`)
    })
  await open()
  process.stdout.write('ready\n')
  await once(process.stdin, 'data')
  for (let index = 0; index < Number(countText); index++) {
    // A fresh record for each entry, like many short `compress-video watch` runs: an entry lost
    // to the other process stays lost, instead of being written again by this one's next save.
    const record = await open()
    record.recordInput(
      `/race/${prefix}-${index}.mp4`,
      { size: index, mtimeMs: index },
      {
        status: 'done',
        reason: 'compressed',
        message: 'ok',
        final: true,
        output: null,
        watchId: prefix
      }
    )
    await record.flush()
  }
  process.stdout.write('done\n')
  process.stdin.destroy()
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
