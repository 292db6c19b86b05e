import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The app is served from Tauri's custom protocol with a strict CSP: no inline
// scripts, no remote content, so everything is bundled into dist/.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: { port: 5173, strictPort: true },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
  },
});
