// Three builds (issue #4): main (Node, CommonJS), preload (sandboxed, so one self-contained file)
// and the renderer (React, root src/renderer). Output goes to out/{main,preload,renderer}.
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      // electron-store is ESM-only; bundling it keeps the CommonJS main free of require(esm).
      externalizeDeps: { exclude: ['electron-store'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): everything else (zod) is bundled in.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') }, output: { format: 'cjs' } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
