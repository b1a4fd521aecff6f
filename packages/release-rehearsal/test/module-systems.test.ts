/**
 * The built packages (dist/, what `npm publish` ships) in every module system a consumer uses, each
 * making real calls against the Prism mock: `require()` from CommonJS, `import` from ESM, and an
 * esbuild bundle for the browser run in headless Chromium.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromiumMissing, runInChromium } from "../src/browser.js";
import { consumerProgram, type ProgramResult, parseResult } from "../src/programs.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Inside this package, so that its programs resolve @junction/* through this package's node_modules.
const programsParent = join(packageDir, "node_modules", ".cache");

const expectedFacts = (result: ProgramResult) => {
  expect(result.error).toBeUndefined();
  expect(result.connections).toBeGreaterThan(0);
  expect(result.firstUserId).toBe("string");
  expect(result.invalid).toEqual([true, 422]);
  expect(result.sandbox).toMatch(/^https:\/\//);
  expect(result.specVersion).toMatch(/^\d+\.\d+\.\d+/);
};

describe("the built packages in each module system", () => {
  let dir: string;
  beforeAll(async () => {
    await mkdir(programsParent, { recursive: true });
    dir = await mkdtemp(join(programsParent, "module-systems-"));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const runNode = async (file: string) => {
    const { stdout } = await run(process.execPath, [file], {
      env: { ...process.env, JUNCTION_BASE_URL: inject("prismUrl") },
    });
    return parseResult(stdout);
  };

  it("CommonJS: require() loads dist/index.cjs of both packages and the client calls the API", async () => {
    const file = join(dir, "consumer.cjs");
    await writeFile(file, consumerProgram("cjs"));
    const result = await runNode(file);
    expectedFacts(result);
    expect(result.process).toBe("object");
    // The CommonJS entry really is the .cjs build, not the ESM one loaded by require(esm).
    const { stdout } = await run(
      process.execPath,
      ["-p", 'require.resolve("@junction/client") + " " + require.resolve("@junction/openapi-types")'],
      { cwd: dir },
    );
    expect(
      stdout
        .trim()
        .split(" ")
        .map((p) => p.endsWith("dist/index.cjs")),
    ).toEqual([true, true]);
  });

  it("ESM: import loads dist/index.js of both packages and the client calls the API", async () => {
    const file = join(dir, "consumer.mjs");
    await writeFile(file, consumerProgram("esm"));
    expectedFacts(await runNode(file));
  });

  const missing = chromiumMissing();
  const required = Boolean(process.env.CI);
  it.skipIf(missing !== undefined && !required)(
    missing
      ? `browser — SKIPPED: ${missing}; set CI=1 to make this a failure`
      : "browser: an esbuild bundle of dist/ runs in headless Chromium",
    async () => {
      if (missing) throw new Error(`CI is set but ${missing}`);
      const entry = join(dir, "browser.js");
      await writeFile(entry, consumerProgram("browser"));
      const outfile = join(dir, "browser.bundle.js");
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "browser",
        format: "esm",
        logLevel: "silent",
      });
      const bundle = await readFile(outfile, "utf8");
      expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:/);
      const result = await runInChromium(bundle, inject("prismUrl"));
      expect(result.pageErrors).toEqual([]);
      expectedFacts(result);
      expect(result.process).toBe("undefined");
    },
  );
});
