/**
 * `pnpm test:release`: a release rehearsed end to end against a real (local) registry.
 *
 *  1. copy the committed tree to a temporary folder and install it offline;
 *  2. `changeset version` there: the versions and changelogs the next release gets;
 *  3. build; show that packing cannot skip the build (a tree without dist/ packs only after prepack
 *     built and checked it; a broken build makes `pnpm pack` fail);
 *  4. `changeset publish` all three packages to Verdaccio on 127.0.0.1 (prepack builds and checks each);
 *  5. fresh consumer projects install them with plain npm and type-check and run a program against the
 *     stateful mock: TypeScript ESM (`module: nodenext`) and CommonJS on Node 20, 22 and 24,
 *     TypeScript with `moduleResolution: bundler` (esbuild bundle on Node), the same app bundled for the
 *     browser in headless Chromium, and `npx junction export-connections` after `npm install -g`.
 *
 * One line per consumer, then the size of each package. Every process it starts is stopped at the end,
 * on failure and on Ctrl-C. `KEEP_REHEARSAL=1` keeps the temporary folder.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expectedConnections, type MockServer, startMockServer } from "@junction/mock-server";
import { chromiumMissing } from "./browser.js";
import {
  bundle,
  bundlerTsconfig,
  checkResult,
  consumerProgram,
  copiesOf,
  createProject,
  dirSize,
  installedVersion,
  nodenextTsconfig,
  npm,
  programApiKey,
  runInChromium,
  runNode,
  typecheck,
  typescriptVersion,
} from "./consumers.js";
import { nodeBinaries } from "./node-binaries.js";
import { cleanEnv, exec, run, stopAll } from "./processes.js";
import { startRegistry, upstreamRegistry } from "./registry.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const published = ["@junction/openapi-types", "@junction/client", "@junction/cli"] as const;
const folderOf = (name: string) => join("packages", name.slice("@junction/".length));
const mockData = { connections: 600, seed: 11 };
const mockPageSize = 100;

const startedAt = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const since = Date.now();
  const result = await work();
  console.log(`${label.padEnd(64)} ${seconds(since)}`);
  return result;
}

/**
 * The committed tree (HEAD), as CI's fresh clone has it: what a release would publish. Made a git
 * repository again, since `changeset publish` tags what it published.
 */
async function copyRepository(to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const archive = join(to, "..", "head.tar");
  await run("git", ["archive", "--format=tar", "-o", archive, "HEAD"], { cwd: repo });
  await run("tar", ["-xf", archive], { cwd: to });
  await rm(archive);
  const env = cleanEnv({
    GIT_AUTHOR_NAME: "rehearsal",
    GIT_AUTHOR_EMAIL: "rehearsal@localhost",
    GIT_COMMITTER_NAME: "rehearsal",
    GIT_COMMITTER_EMAIL: "rehearsal@localhost",
  });
  await run("git", ["init", "-q", "-b", "main"], { cwd: to, env });
  await run("git", ["add", "-A"], { cwd: to, env });
  await run("git", ["commit", "-q", "-m", "snapshot for the release rehearsal"], { cwd: to, env });
}

/** What the rehearsal has started, for the cleanup that runs however it ends. */
interface Started {
  /** Servers still starting: cleanup waits for each to settle, then stops it. */
  starting: Promise<unknown>[];
  mock?: MockServer;
  /** What Verdaccio printed, once it runs. */
  registryLog: () => string;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "junction-release-"));
  const started: Started = { starting: [], registryLog: () => "" };
  const cleanup = async () => {
    await Promise.allSettled(started.starting);
    await Promise.allSettled([started.mock?.close(), stopAll()]);
    if (process.env.KEEP_REHEARSAL) console.log(`Kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the registry and the mock`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    await rehearse(work, started);
  } catch (error) {
    const log = started.registryLog().trim();
    if (log) console.error(`Verdaccio said:\n${log.split("\n").slice(-30).join("\n")}`);
    throw error;
  } finally {
    await cleanup();
  }
}

async function rehearse(work: string, started: Started): Promise<void> {
  const copy = join(work, "repo");
  const pnpmEnv = cleanEnv({ TURBO_TELEMETRY_DISABLED: "1", TURBO_UI: "false", DO_NOT_TRACK: "1" });
  const pnpm = (args: string[], cwd = copy, env = pnpmEnv) => run("pnpm", args, { cwd, env, timeoutMs: 300_000 });

  // Started now, used later: the mock, the registry and the other Node versions.
  const mockReady = startMockServer({ ...mockData, pageSize: mockPageSize, validate: true }).then((m) => {
    started.mock = m;
    return m;
  });
  const registryDir = join(work, "registry");
  await mkdir(registryDir);
  const registryReady = upstreamRegistry(repo).then((upstream) => startRegistry(registryDir, upstream));
  const nodesReady = nodeBinaries(join(repo, "node_modules", ".cache", "junction-release-rehearsal"), repo);
  // Each waits on its own; a failure surfaces where it is awaited, not as an unhandled rejection.
  for (const ready of [mockReady, registryReady, nodesReady]) {
    ready.catch(() => {});
    started.starting.push(ready);
  }

  await step("copy of HEAD", () => copyRepository(copy));
  await step("pnpm install --frozen-lockfile --offline", () =>
    pnpm(["install", "--frozen-lockfile", "--offline", "--reporter=silent"]),
  );

  const versions = await step("changeset version", async () => {
    await pnpm(["exec", "changeset", "version"]);
    const found: Record<string, string> = {};
    for (const name of published) {
      const manifest = JSON.parse(await readFile(join(copy, folderOf(name), "package.json"), "utf8"));
      found[name] = manifest.version;
    }
    return found;
  });
  console.log(`  versions: ${published.map((name) => `${name}@${versions[name]}`).join(", ")}`);
  if (published.some((name) => versions[name] === "0.0.0")) {
    throw new Error("changeset version left a package at 0.0.0: is there a changeset for it?");
  }

  await step("build", () =>
    pnpm(["exec", "turbo", "run", "build", ...published.map((n) => `--filter=${n}`), "--output-logs=errors-only"]),
  );

  await step("pnpm pack without dist/ builds first; with a broken build it fails", async () => {
    const client = join(copy, folderOf("@junction/client"));
    const index = join(client, "src", "index.ts");
    await rename(index, `${index}.off`);
    for (const name of published) await rm(join(copy, folderOf(name), "dist"), { recursive: true, force: true });
    const broken = await exec("pnpm", ["pack", "--pack-destination", work], { cwd: client, env: pnpmEnv });
    const tarballs = (await readdir(work)).filter((f) => f.endsWith(".tgz"));
    if (broken.code === 0 || tarballs.length > 0) {
      throw new Error("pnpm pack made a tarball although the client's build fails");
    }
    await rename(`${index}.off`, index);
    const packed = await pnpm(["pack", "--json", "--pack-destination", work], client);
    const files = (JSON.parse(packed.slice(packed.indexOf("{"))) as { files: { path: string }[] }).files.map(
      (f) => f.path,
    );
    for (const wanted of ["dist/index.cjs", "dist/index.js", "dist/index.d.ts", "LICENSE", "README.md"]) {
      if (!files.includes(wanted)) throw new Error(`the client's tarball has no ${wanted}: ${files.join(", ")}`);
    }
    await rm(join(work, (await readdir(work)).find((f) => f.endsWith(".tgz")) ?? "none"), { force: true });
  });

  const registry = await registryReady;
  started.registryLog = registry.log;
  await step("changeset publish to the local registry (prepack builds and checks each)", () =>
    pnpm(
      ["exec", "changeset", "publish"],
      copy,
      cleanEnv({
        ...pnpmEnv,
        npm_config_registry: registry.url,
        npm_config_userconfig: registry.npmrc,
        npm_config_provenance: "false",
        NPM_CONFIG_PROVENANCE: "false",
      }),
    ),
  );
  const tarballs: Record<string, number> = {};
  for (const name of published) {
    const [, short] = name.split("/");
    const file = join(registryDir, "storage", name, `${short}-${versions[name]}.tgz`);
    tarballs[name] = (await stat(file).catch(() => undefined))?.size ?? Number.NaN;
    if (Number.isNaN(tarballs[name])) throw new Error(`${name}@${versions[name]} is not in the registry`);
  }

  const server = await mockReady;
  const nodes = await nodesReady;
  const expected = {
    connections: Math.min(mockPageSize, expectedConnections({ ...mockData, provider: "oura" }).length),
    specVersion: JSON.parse(
      await run(process.execPath, ["-p", 'JSON.stringify(require("@junction/openapi-types").specVersion)'], {
        cwd: join(repo, "packages", "client"),
      }),
    ) as string,
  };
  const spec = (name: string) => `${name}@${versions[name]}`;
  const consumers = join(work, "consumers");
  const lines: string[] = [];
  const report = (label: string, outcome: string) => {
    const line = `  ${label.padEnd(64)} ok: ${outcome}`;
    lines.push(line);
    console.log(line);
  };
  console.log(
    `Consumers (npm install from the local registry; tsc ${typescriptVersion}; Node ${nodes.binaries.map((n) => n.version).join(", ")}${nodes.note ? `; ${nodes.note}` : ""}):`,
  );

  // Fresh projects, installed in parallel: npm mostly waits on the registry.
  const esm = join(consumers, "esm");
  const cjs = join(consumers, "cjs");
  const app = join(consumers, "bundler");
  const global = join(consumers, "global");
  for (const dir of [esm, cjs, app, global, join(consumers, "cli")]) await mkdir(dir, { recursive: true });
  const openapiFetch = JSON.parse(await readFile(join(copy, folderOf("@junction/client"), "package.json"), "utf8"))
    .dependencies["openapi-fetch"] as string;
  const installs = Date.now();
  await Promise.all([
    // This one also pins openapi-fetch and @junction/openapi-types itself: still one copy of each.
    createProject(
      esm,
      "module",
      [spec("@junction/client"), spec("@junction/openapi-types"), `openapi-fetch@${openapiFetch.replace(/^\^/, "")}`],
      registry,
      { "index.ts": consumerProgram("esm", { typescript: true }), "tsconfig.json": nodenextTsconfig() },
    ),
    createProject(cjs, "commonjs", [spec("@junction/client"), spec("@junction/openapi-types")], registry, {
      "index.ts": consumerProgram("cjs", { typescript: true }),
      "tsconfig.json": nodenextTsconfig(),
    }),
    createProject(app, "module", [spec("@junction/client"), spec("@junction/openapi-types")], registry, {
      "server.ts": consumerProgram("esm", { typescript: true }),
      "browser.ts": consumerProgram("browser", { typescript: true }),
      "tsconfig.json": bundlerTsconfig(),
    }),
    npm(["install", "--global", "--prefix", global, spec("@junction/cli")], consumers, registry),
  ]);
  console.log(`  (four npm installs from the local registry, in parallel: ${seconds(installs)})`);

  for (const [label, dir, system] of [
    ["TypeScript ESM (module nodenext, strict)", esm, "ESM"],
    ["CommonJS (TypeScript nodenext → require)", cjs, "CJS"],
  ] as const) {
    await typecheck(dir);
    const emitted = await readFile(join(dir, "dist", "index.js"), "utf8");
    const loads = system === "CJS" ? /require\("@junction\/client"\)/ : /from "@junction\/client"/;
    if (!loads.test(emitted)) throw new Error(`${label}: tsc did not emit ${system} for index.ts`);
    for (const node of nodes.binaries) {
      const result = await runNode(node.path, "dist/index.js", dir, server.url);
      report(`${label}, Node ${node.version}`, checkResult(result, expected));
    }
  }
  for (const name of ["openapi-fetch", "@junction/openapi-types", "@junction/client"]) {
    const copies = await copiesOf(esm, name);
    if (copies.length !== 1) throw new Error(`The ESM consumer has ${copies.length} copies of ${name}: ${copies}`);
  }

  await typecheck(app);
  const serverBundle = await bundle(join(app, "server.ts"), join(app, "dist", "server.js"), "node");
  report(
    `TypeScript (moduleResolution bundler), esbuild for Node ${process.versions.node}`,
    checkResult(await runNode(process.execPath, serverBundle.outfile, app, server.url), expected),
  );
  const missing = chromiumMissing();
  if (missing && process.env.CI) throw new Error(`CI is set but ${missing}`);
  if (missing) {
    console.log(`  browser: SKIPPED, ${missing}`);
  } else {
    const browserBundle = await bundle(join(app, "browser.ts"), join(app, "dist", "browser.js"), "browser");
    const result = await runInChromium(await readFile(browserBundle.outfile, "utf8"), server.url);
    if (result.pageErrors.length > 0) throw new Error(`browser: ${result.pageErrors.join("; ")}`);
    if (result.process !== "undefined") throw new Error("browser: the bundle saw a `process` global");
    report(
      `esbuild --platform=browser (${size(browserBundle.bytes)}), headless Chromium`,
      checkResult(result, expected),
    );
  }

  // The CLI from a clean global install, found by npx.
  const cliDir = join(consumers, "cli");
  const npx = (args: string[]) =>
    run("npx", ["--no", "--", "junction", ...args], {
      cwd: cliDir,
      env: cleanEnv({
        npm_config_prefix: global,
        npm_config_userconfig: registry.npmrc,
        JUNCTION_API_KEY: programApiKey,
      }),
    });
  const shownVersion = (await npx(["--version"])).trim();
  if (shownVersion !== versions["@junction/cli"]) throw new Error(`junction --version printed ${shownVersion}`);
  const out = join(cliDir, "oura.ndjson");
  const args = ["export-connections", "--provider", "oura", "--base-url", server.url, "--out", out, "--quiet"];
  await npx(args);
  const exported = (await readFile(out, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).user_id);
  const wanted = expectedConnections({ ...mockData, provider: "oura" }).map((c) => c.user_id);
  if (JSON.stringify(exported) !== JSON.stringify(wanted)) {
    throw new Error(`npx junction export-connections wrote ${exported.length} connections, expected ${wanted.length}`);
  }
  const cliModules = join(global, "lib", "node_modules", "@junction", "cli");
  for (const name of ["@junction/client", "@junction/openapi-types"]) {
    const copies = await copiesOf(join(global, "lib"), name);
    if (copies.length !== 1) throw new Error(`The global CLI install has ${copies.length} copies of ${name}`);
  }
  report(
    `npx junction export-connections (npm install -g, junction ${shownVersion})`,
    `${exported.length} connections, every one exactly once`,
  );

  // What each package costs the people who install it.
  console.log("Published packages (tarball → installed):");
  const installed = (name: string) => join(esm, "node_modules", name);
  const sizes: [string, number, number][] = [
    [
      "@junction/openapi-types",
      tarballs["@junction/openapi-types"] ?? 0,
      await dirSize(installed("@junction/openapi-types")),
    ],
    ["@junction/client", tarballs["@junction/client"] ?? 0, await dirSize(installed("@junction/client"))],
    ["@junction/cli", tarballs["@junction/cli"] ?? 0, await dirSize(cliModules, (n) => n === "node_modules")],
  ];
  for (const [name, packed, unpacked] of sizes) {
    console.log(
      `  ${`${name}@${versions[name]}`.padEnd(32)} ${size(packed).padStart(9)} → ${size(unpacked).padStart(9)}`,
    );
  }
  const fetchVersion = await installedVersion(installed("openapi-fetch"));
  const all = await dirSize(join(esm, "node_modules"));
  console.log(
    `  everything @junction/client installs (with openapi-fetch ${fetchVersion} and its helpers): ${size(all)}`,
  );
  console.log(`Release rehearsal passed: ${lines.length} consumers, ${seconds(startedAt)}.`);
}

main().catch((error: unknown) => {
  console.error(`Release rehearsal FAILED after ${seconds(startedAt)}:`);
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
