import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Hooks start Prism processes, which can take several seconds when many start at once.
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
});
