// Draws the app icon (a play triangle on a blue rounded square over a "shrink" bar) as PNG files,
// with anti-aliased edges, using nothing but Node. Run: node resources/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

function crc32(buffer) {
  let crc = ~0
  for (const byte of buffer) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(size, shade) {
  const rows = []
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) {
      // 4x4 supersampling for smooth edges.
      let r = 0,
        g = 0,
        b = 0,
        a = 0
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const [pr, pg, pb, pa] = shade((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size)
          r += pr * pa
          g += pg * pa
          b += pb * pa
          a += pa
        }
      const o = 1 + x * 4
      row[o] = a ? Math.round(r / a) : 0
      row[o + 1] = a ? Math.round(g / a) : 0
      row[o + 2] = a ? Math.round(b / a) : 0
      row[o + 3] = Math.round((a / 16) * 255)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ])
}

function insideRoundedSquare(u, v, margin, radius) {
  const lo = margin + radius,
    hi = 1 - margin - radius
  const cx = Math.min(Math.max(u, lo), hi),
    cy = Math.min(Math.max(v, lo), hi)
  return (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2 && u >= margin && u <= 1 - margin && v >= margin && v <= 1 - margin
}

function insideTriangle(u, v) {
  // Play triangle pointing right: (0.38,0.27) (0.38,0.65) (0.70,0.46)
  if (u < 0.38) return false
  const t = (u - 0.38) / (0.7 - 0.38)
  return t <= 1 && v >= 0.27 + t * (0.46 - 0.27) && v <= 0.65 - t * (0.65 - 0.46)
}

function shade(u, v) {
  if (!insideRoundedSquare(u, v, 0.06, 0.18)) return [0, 0, 0, 0]
  if (insideTriangle(u, v)) return [255, 255, 255, 1]
  if (v >= 0.76 && v <= 0.81 && u >= 0.26 && u <= 0.74) return [191, 219, 254, 1]
  // Top-to-bottom blue gradient.
  const k = v
  return [Math.round(59 - 29 * k), Math.round(130 - 66 * k), Math.round(246 - 71 * k), 1]
}

writeFileSync(path.join(here, 'icon.png'), png(512, shade))
writeFileSync(path.join(here, 'tray.png'), png(32, shade))
