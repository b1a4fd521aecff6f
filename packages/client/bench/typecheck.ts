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
type Kind = (typeof kinds)[number];
// CPU time of each tsc run, read at its exit: less disturbed than wall time by other processes on a busy machine.
const probeDir = mkdtempSync(join(tmpdir(), "bench-types-cpu-"));
const probe = join(probeDir, "probe.cjs");
const cpuOut = join(probeDir, "cpu");
writeFileSync(
  probe,
  'process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeFileSync(process.env.BENCH_CPU_OUT, String((u.user + u.system) / 1000)); });\n',
);
const time = (dir: string) => {
  const started = performance.now();
  execFileSync(process.execPath, ["--require", probe, tsc, "-p", dir], {
    stdio: "inherit",
    env: { ...process.env, BENCH_CPU_OUT: cpuOut },
  });
  return { wall: performance.now() - started, cpu: Number(readFileSync(cpuOut, "utf8")) };
};
/** The checker's type and instantiation counts: the same on every run, unlike times on a busy machine. */
const counts = (dir: string) => {
  const out = execFileSync(process.execPath, [tsc, "-p", dir, "--extendedDiagnostics"], { encoding: "utf8" });
  const count = (label: string) => out.match(new RegExp(`^${label}:\\s+(\\d+)`, "m"))?.[1] ?? "?";
  return `${count("Types")} types, ${count("Instantiations")} instantiations`;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

if (process.env.BENCH_KEEP) console.log(dirs);
try {
  time(dirs.full); // warm the file cache
  const runs: Record<Kind, { wall: number; cpu: number }>[] = [];
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next kind, so none is always measured first.
    const taken = {} as Record<Kind, { wall: number; cpu: number }>;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(round + i) % kinds.length] as Kind;
      taken[kind] = time(dirs[kind] as string);
    }
    runs.push(taken);
  }
  const ms = (kind: Kind, of: "wall" | "cpu") => Math.round(median(runs.map((run) => run[kind][of])));
  const ratio = (a: Kind, b: Kind, of: "wall" | "cpu") => {
    const each = runs.map((run) => run[a][of] / run[b][of]).sort((x, y) => x - y);
    return `${median(each).toFixed(2)}x (rounds ${(each[0] as number).toFixed(2)}-${(each.at(-1) as number).toFixed(2)})`;
  };
  console.log(
    `tsc --noEmit of a consumer calling five operations (${rounds} rounds, median): ` +
      `slice types ${ms("slice", "wall")} ms, full types ${ms("full", "wall")} ms, ` +
      `ratio ${ratio("full", "slice", "wall")} (goal: at most 1.5x); ` +
      `CPU time ${ms("slice", "cpu")} ms and ${ms("full", "cpu")} ms, ratio ${ratio("full", "slice", "cpu")}`,
  );
  console.log(`checker work: slice ${counts(dirs.slice)}; full ${counts(dirs.full)}`);
  if (dirs.baseline) {
    console.log(
      `full types, this build vs ${baselineTypes}: ${ms("full", "wall")} ms vs ${ms("baseline", "wall")} ms, ` +
        `ratio ${ratio("full", "baseline", "wall")}; CPU time ${ms("full", "cpu")} ms vs ${ms("baseline", "cpu")} ms, ` +
        `ratio ${ratio("full", "baseline", "cpu")}; baseline ${counts(dirs.baseline)}`,
    );
  }
} finally {
  rmSync(probeDir, { recursive: true, force: true });
  if (!process.env.BENCH_KEEP) for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
}
