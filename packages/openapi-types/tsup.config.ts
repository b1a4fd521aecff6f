import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/operations.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: false,
  target: "es2022",
});
