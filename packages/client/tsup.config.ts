import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: false,
  target: "es2022",
  platform: "neutral",
  // Rollup writes the CJS build: it reads openapi-fetch's `__esModule` marker, so `require()` gets its
  // default export (createClient). esbuild alone applies Node's interop in a "type": "module" package and
  // hands the CJS build the whole `module.exports` object instead, which is not a function.
  treeshake: true,
});
