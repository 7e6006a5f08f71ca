import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.CASHLENS_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'client'),
  publicDir: path.resolve(import.meta.dirname, 'client/public'),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/client'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // The scene lab is a second page (tests, bench); the app never loads it.
    rolldownOptions: { input: { main: path.resolve(import.meta.dirname, 'client/index.html'), lab: path.resolve(import.meta.dirname, 'client/scene-lab.html') } },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/models': apiTarget,
      '/docs': apiTarget,
      '/sync': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
    },
  },
});
