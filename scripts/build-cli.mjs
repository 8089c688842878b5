// Bundles the CLI (src/cli) into one CommonJS file that bin/compress-video.cjs loads.
// Dependencies stay external: they are installed beside it in node_modules.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'out/cli/index.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: { 'process.env.COMPRESS_VIDEO_VERSION': JSON.stringify(process.env.npm_package_version ?? '0.0.0') }
})
