/**
 * What the full Junction types cost a consumer's type-check: `tsc --noEmit` of a file that calls five
 * operations through @junction/client (its built declarations), once against types generated from the
 * whole vendored spec and once against types generated from the one-operation Bulk Export slice
 * (`openapi/slices/`). Rounds alternate the two; the ratio printed is the median of full ÷ slice.
 * Run: `pnpm build && pnpm bench:types`; `BENCH_CLIENT_TYPES=<path to index.d.ts>` measures another build instead.
 * `BENCH_BASELINE_TYPES=<path to index.d.ts>` (e.g. `tsup --dts-only --out-dir <dir>` on another commit) adds the
 * full-spec consumer against that build to every round and prints the median of this build ÷ that one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@junction/codegen";
import { parse } from "yaml";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "../../..");
const clientTypes = process.env.BENCH_CLIENT_TYPES ?? join(here, "../dist/index.d.ts");
if (!existsSync(clientTypes)) throw new Error("bench:types measures the build: run `pnpm build` first.");
const tsc = join(createRequire(import.meta.url).resolve("typescript/package.json"), "../bin/tsc");
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const baselineTypes = process.env.BENCH_BASELINE_TYPES;
if (baselineTypes && !existsSync(baselineTypes)) throw new Error(`BENCH_BASELINE_TYPES: no file ${baselineTypes}`);

const calls = {
  full: `
    await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura" } }));
    await unwrap(client.GET("/v2/user/{user_id}", { params: { path: { user_id: "u" } } }));
    for await (const user of client.paginate("GET", "/v2/user", {})) console.log(user.user_id);
    for await (const order of client.paginate("GET", "/v3/orders", { params: { query: { size: 10 } } })) console.log(order.id);
    await unwrap(client.GET("/v2/summary/sleep/{user_id}", { params: { path: { user_id: "u" }, query: { start_date: "2026-01-01" } } }));
  `,
  slice: `
    await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura" } }));
    await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "fitbit", user_ids: ["u"] } }));
    for await (const c of client.paginate("POST", "/v2/link/bulk_export", { body: { provider: "oura" } })) console.log(c.user_id);
    for await (const c of client.paginate("POST", "/v2/link/bulk_export", { body: { provider: "garmin" } })) console.log(c.provider_id);
    await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura", next_token: "t" } }));
  `,
};

async function project(kind: "full" | "slice", specPath: string, client = clientTypes): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `bench-types-${kind}-`));
  const files = await generate(parse(readFileSync(specPath, "utf8")));
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(dir, "types.ts"), 'export * from "./runtime.js";\nexport type * from "./schema.js";\n');
  // Consumers get declarations, as the package ships them: emit them once, untimed.
  execFileSync(process.execPath, [
    tsc,
    join(dir, "types.ts"),
    ...["--declaration", "--emitDeclarationOnly", "--skipLibCheck", "--outDir", join(dir, "dist")],
    ...["--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--lib", "ES2022,DOM"],
  ]);
  writeFileSync(
    join(dir, "consumer.ts"),
    `import { createJunctionClient, unwrap } from "@junction/client";\nconst client = createJunctionClient();\n${calls[kind]}\n`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        lib: ["ES2022", "DOM"],
        paths: { "@junction/client": [client], "@junction/openapi-types": [join(dir, "dist/types.d.ts")] },
      },
      files: ["consumer.ts"],
    }),
  );
  return dir;
}

const fullSpec = join(repo, "openapi/junction.yaml");
const dirs: { full: string; slice: string; baseline?: string } = {
  full: await project("full", fullSpec),
  slice: await project("slice", join(repo, "openapi/slices/bulk-export-0.4.483.yaml")),
  ...(baselineTypes && { baseline: await project("full", fullSpec, baselineTypes) }),
};
const kinds = Object.keys(dirs) as (keyof typeof dirs)[];
const time = (dir: string) => {
  const started = performance.now();
  execFileSync(process.execPath, [tsc, "-p", dir], { stdio: "inherit" });
  return performance.now() - started;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

if (process.env.BENCH_KEEP) console.log(dirs);
try {
  time(dirs.full); // warm the file cache
  type Kind = keyof typeof dirs;
  const ratios: number[] = [];
  const baselineRatios: number[] = [];
  const ms = { full: [] as number[], slice: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next kind, so none is always measured first.
    const taken = { full: 0, slice: 0, baseline: 0 };
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(round + i) % kinds.length] as Kind;
      taken[kind] = time(dirs[kind] as string);
      ms[kind].push(taken[kind]);
    }
    ratios.push(taken.full / taken.slice);
    if (baselineTypes) baselineRatios.push(taken.full / taken.baseline);
  }
  const medianMs = (kind: Kind) => Math.round(median(ms[kind]));
  console.log(
    `tsc --noEmit of a consumer calling five operations (${rounds} rounds, median): ` +
      `slice types ${medianMs("slice")} ms, full types ${medianMs("full")} ms, ` +
      `ratio ${median(ratios).toFixed(2)}x (goal: at most 1.5x)`,
  );
  if (baselineTypes) {
    const spread = [...baselineRatios].sort((a, b) => a - b).map((r) => r.toFixed(2));
    console.log(
      `full types, this build vs ${baselineTypes}: ${medianMs("full")} ms vs ${medianMs("baseline")} ms, ` +
        `ratio ${median(baselineRatios).toFixed(2)}x (rounds: ${spread.join(", ")})`,
    );
  }
} finally {
  if (!process.env.BENCH_KEEP) for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
}
