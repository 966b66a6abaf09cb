// The page is built into dist/ with fixed file names (no content hashes): the C++ build
// embeds every file of dist/ (src/serve/CMakeLists.txt), and stable names keep its list
// of files stable. Everything is bundled: the page loads nothing from the internet.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name].js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
});
