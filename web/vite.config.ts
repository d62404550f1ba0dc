// Vite builds the front end into dist/ (served at / by `alley serve --web web/dist`);
// Vitest runs the component tests (src/**/*.test.ts) in happy-dom.
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Relative asset paths: dist/ works wherever it is served from.
  base: './',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus and ECharts are large; the pages are split by route.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against a running `alley serve --port 8080`.
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    // Element Plus forms take seconds to drive on a busy two-core machine;
    // the limit is there to stop a hung test, not to time one.
    testTimeout: 30_000,
  },
});
