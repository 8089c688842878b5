import { describe, expect, it } from 'vitest'
import { interpretFrame, parseSseFrames, readNemoEvents, type NemoStreamEvent, type SseFrame } from './sse'

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function frames(text: string | Buffer, chunkSize = 1 << 20): Promise<SseFrame[]> {
  const result: SseFrame[] = []
  for await (const frame of parseSseFrames(chunksOf(Buffer.from(text), chunkSize))) result.push(frame)
  return result
}

async function events(text: string, chunkSize = 1 << 20): Promise<NemoStreamEvent[]> {
  const result: NemoStreamEvent[] = []
  for await (const event of readNemoEvents(chunksOf(Buffer.from(text), chunkSize))) result.push(event)
  return result
}

const TEXT_EVENT = (text: string, partial = false): string => `data: ${JSON.stringify({ content: { parts: [{ text }], role: 'model' }, partial })}\n\n`

// A stream with every variant of the protocol note, CRLF and multi-byte UTF-8 included.
const MIXED = [
  ': comment line\n\n',
  'data:\n\n',
  'data: {"type":"heartbeat"}\n\n',
  'this line is not SSE at all\n\n',
  'data: not json\n\n',
  TEXT_EVENT('Héllo wörld — 视频 🎬', true),
  'data: {"content":\r\ndata: {"parts":[{"text":"joined"}]}}\r\n\r\n',
  `data: ${JSON.stringify({ content: { parts: [{ functionCall: { id: '1', name: 'edit', args: {} } }] } })}\n\n`,
  `data: ${JSON.stringify({ content: { parts: [{ functionResponse: { id: '1', name: 'edit', response: {} } }] } })}\n\n`,
  'data: {"actions":{"stateDelta":{"x":1}}}\r\r',
  'data: {"errorCode":"MALFORMED","errorMessage":"bad call"}\n\n',
  'data: {"error":"boom"}\n\n'
].join('')

const EXPECTED: NemoStreamEvent[] = [
  { kind: 'heartbeat' },
  { kind: 'heartbeat' },
  { kind: 'heartbeat' },
  { kind: 'ignored' },
  { kind: 'ignored' },
  { kind: 'text', text: 'Héllo wörld — 视频 🎬', partial: true },
  { kind: 'text', text: 'joined', partial: false },
  { kind: 'tool' },
  { kind: 'tool' },
  { kind: 'other' },
  { kind: 'error', message: 'bad call', code: 'MALFORMED' },
  { kind: 'error', message: 'boom', code: null }
]

describe('parseSseFrames', () => {
  it('reads every variant of the note the same way however the bytes are split', async () => {
    const whole = await events(MIXED)
    expect(whole).toEqual(EXPECTED)
    // Every chunk size from 1 byte (splits inside UTF-8 sequences and CRLF pairs) upwards.
    for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(await events(MIXED, size)).toEqual(EXPECTED)
  })

  it('joins multiple data lines with a newline and strips one leading space', async () => {
    const [frame] = await frames('data:  two spaces\ndata:none\n\n')
    expect(frame?.data).toBe(' two spaces\nnone')
  })

  it('keeps a final event whose blank line never came, and skips a trailing comment', async () => {
    const result = await frames(`${TEXT_EVENT('first')}data: {"content":{"parts":[{"text":"last"}]}}`)
    expect(result.map((frame) => interpretFrame(frame))).toEqual([
      { kind: 'text', text: 'first', partial: false },
      { kind: 'text', text: 'last', partial: false }
    ])
    expect(await frames(': bye')).toEqual([])
  })

  it('accepts CR-only line ends and a BOM at the start', async () => {
    const result = await frames('\uFEFFdata: {"type":"heartbeat"}\r\rdata: x\r\r', 1)
    expect(result.map((frame) => frame.data)).toEqual(['{"type":"heartbeat"}', 'x'])
  })

  it('treats `event: heartbeat` blocks as heartbeats', async () => {
    expect(await events('event: heartbeat\n\nevent: heartbeat\ndata: {"n":1}\n\n')).toEqual([{ kind: 'heartbeat' }, { kind: 'heartbeat' }])
  })
})

describe('interpretFrame', () => {
  const frame = (data: string): SseFrame => ({ data, hasData: true, event: null, hasComment: false })

  it('reads the older skill-file shapes too', () => {
    expect(interpretFrame(frame('{"type":"text","content":"hi"}'))).toEqual({ kind: 'text', text: 'hi', partial: false })
    expect(interpretFrame(frame('{"type":"tool_call","name":"x"}'))).toEqual({ kind: 'tool' })
    expect(interpretFrame(frame('{"type":"tool_result","result":{}}'))).toEqual({ kind: 'tool' })
  })

  it('never returns tool payloads or model thoughts as text', () => {
    const mixed = { content: { parts: [{ text: 'thinking...', thought: true }, { functionCall: { name: 'x', args: { a: 'secret' } } }, { text: 'Visible.' }] } }
    expect(interpretFrame(frame(JSON.stringify(mixed)))).toEqual({ kind: 'text', text: 'Visible.', partial: false })
  })

  it('ignores JSON that is not an object', () => {
    expect(interpretFrame(frame('[1,2]'))).toEqual({ kind: 'ignored' })
    expect(interpretFrame(frame('"text"'))).toEqual({ kind: 'ignored' })
  })
})
