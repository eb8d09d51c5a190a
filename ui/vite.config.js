import { defineConfig } from "vite";

// Built into dist/ and embedded in src/Turnout.Ui at build time; served by `turnout serve` under /ui/.
export default defineConfig({
  base: "/ui/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    reportCompressedSize: true,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` against a local `turnout serve` on the default port.
    proxy: { "^/(?!ui/)": "http://127.0.0.1:8080" },
  },
});
