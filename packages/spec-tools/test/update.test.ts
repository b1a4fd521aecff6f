/**
 * `spec:update` end to end on a temporary copy of the repository layout (never the real files): what it
 * writes, what it prints, what it refuses, and that a failure leaves every file as it was.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { specHash, specMarker } from "../src/canonical.ts";
import { checkSpecRecorded } from "../src/check.ts";
import { generateAll } from "../src/generator.ts";
import { type Json, parseSpecText, stringifySpec } from "../src/spec-io.ts";
import { SpecUpdateError, updateSpec } from "../src/update.ts";
import { base, baseText, getWidget, mutate } from "./support/base-spec.ts";
import { makeLargeSpec } from "./support/large-spec.ts";
import { fixtures, makeTempRepo, repoRoot, type TempRepo } from "./support/repo.ts";

/** The base spec written as JSON: the same document, so no change. */
const reformatted = join(fixtures, "bumps/reformatted.json");

/** Writes `doc` as YAML at `name` inside the temporary repository; returns its path. */
async function writeSpec(name: string, doc: Json): Promise<string> {
  const path = join(repo.root, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringifySpec(doc));
  return path;
}

let repo: TempRepo;
beforeEach(async () => {
  repo = await makeTempRepo(baseText);
});
afterEach(() => repo.remove());

describe("spec:update", () => {
  it("vendors the spec, regenerates, and writes a changeset with the changes and the marker", async () => {
    const newDoc = mutate(base, (d) => delete d.components.schemas.WidgetBody.properties.color);
    const result = await updateSpec({ source: await writeSpec("next.yaml", newDoc), root: repo.root });
    const files = await repo.snapshot();

    expect(files["openapi/junction.yaml"]).toBe(stringifySpec(newDoc));
    for (const generated of await generateAll(newDoc)) expect(files[generated.path]).toBe(generated.contents);
    expect(result.bumps).toEqual({ "@junction/openapi-types": "major", "@junction/client": "major" });
    expect(result.changesetPath).toBe(".changeset/spec-1.0.0.md");
    expect(files[".changeset/spec-1.0.0.md"]).toBe(
      [
        "---",
        '"@junction/openapi-types": major',
        '"@junction/client": major',
        "---",
        "",
        "Junction API spec 1.0.0: the types and runtime facts are regenerated from the new OpenAPI document.",
        "",
        "Breaking changes (major):",
        "",
        "- removed optional request body field `color` from `POST /v1/widgets`",
        "",
        specMarker(specHash(newDoc)),
        "",
      ].join("\n"),
    );
    expect(result.summary).toContain("- removed optional request body field `color` from `POST /v1/widgets`");
    expect(result.summary).toContain("api-smart-diff: non-breaking (minor); SDK callers: major");
    expect((await checkSpecRecorded(repo.root)).ok).toBe(true);

    // A second bump with the same version string keeps the first changeset.
    const again = await updateSpec({ source: reformatted, root: repo.root });
    expect(again.changesetPath).toBe(".changeset/spec-1.0.0-2.md");
    expect(again.changes.map((c) => c.text)).toEqual([
      "added optional request body field `color` to `POST /v1/widgets`",
    ]);
    expect(await readFile(join(repo.root, ".changeset/spec-1.0.0.md"), "utf8")).toBe(files[".changeset/spec-1.0.0.md"]);
  });

  it("names the new version in the changeset file and bumps minor for additions", async () => {
    const next = mutate(base, (d) => {
      d.components.schemas.OAuthProviders.enum.push("new_provider");
      d.info.version = "1.1.0";
    });
    const source = join(repo.root, "next.json");
    await writeFile(source, JSON.stringify(next));
    const result = await updateSpec({ source: "next.json", root: repo.root, cwd: repo.root });
    expect(result.changesetPath).toBe(".changeset/spec-1.1.0.md");
    expect(result.bumps).toEqual({ "@junction/openapi-types": "minor", "@junction/client": "minor" });
    const changeset = await readFile(join(repo.root, ".changeset/spec-1.1.0.md"), "utf8");
    expect(changeset).toContain("Junction API spec 1.0.0 → 1.1.0");
    expect(changeset).toContain("- added value `new_provider` to non-exhaustive enum `OAuthProviders`");
    expect(changeset).toContain("- changed the spec version from `1.0.0` to `1.1.0`");
  });

  it("re-vendoring the same document (even as JSON) changes nothing and writes no changeset", async () => {
    const before = await repo.snapshot();
    const result = await updateSpec({ source: reformatted, root: repo.root });
    expect(result.changes).toEqual([]);
    expect(result.changesetPath).toBeNull();
    expect(result.summary).toBe("No changes: the new spec is the same document as openapi/junction.yaml.");
    expect(await repo.snapshot()).toEqual(before);
  });

  it("formats the vendored spec stably: the real openapi/junction.yaml comes back byte for byte", async () => {
    const real = await readFile(join(repoRoot, "openapi/junction.yaml"), "utf8");
    expect(stringifySpec(parseSpecText(real, "junction.yaml"))).toBe(real);
    expect(stringifySpec(JSON.parse(JSON.stringify(parseSpecText(real, "x"))))).toBe(real);
  });

  it("downloads a spec from an http URL", async () => {
    const text = stringifySpec(
      mutate(base, (d) => {
        d.paths["/v1/widgets/{widget_id}"] = getWidget;
      }),
    );
    const server: Server = createServer((req, res) => {
      if (req.url === "/spec.yaml") res.writeHead(200, { "content-type": "application/yaml" }).end(text);
      else res.writeHead(404).end("not found");
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as { port: number };
    try {
      const result = await updateSpec({ source: `http://127.0.0.1:${port}/spec.yaml`, root: repo.root });
      expect(result.changes.map((c) => c.text)).toEqual(["added operation `GET /v1/widgets/{widget_id}`"]);
      await expect(updateSpec({ source: `http://127.0.0.1:${port}/missing.yaml`, root: repo.root })).rejects.toThrow(
        /Could not download http:\/\/127\.0\.0\.1:\d+\/missing\.yaml: HTTP 404/,
      );
    } finally {
      server.close();
    }
  });

  it("refuses an invalid OpenAPI document, saying where, and touches nothing", async () => {
    const before = await repo.snapshot();
    const broken = baseText
      .replace("operationId: create_widget", "operationId: get_user")
      .replace('$ref: "#/components/schemas/Widget"', '$ref: "#/components/schemas/Nope"');
    await writeFile(join(repo.root, "broken.yaml"), broken);
    const error = await updateSpec({ source: "broken.yaml", root: repo.root, cwd: repo.root }).catch((e) => e);
    expect(error).toBeInstanceOf(SpecUpdateError);
    expect(error.message).toMatch(/^broken\.yaml is not a valid OpenAPI document \(\d+ errors\):/);
    expect(error.message).toMatch(/Can't resolve \$ref \[no-unresolved-refs\]/);
    expect(error.message).toMatch(/operation-operationId-unique/);
    expect(error.message).toContain("openapi/junction.yaml and the generated files were left untouched.");
    expect(await repo.snapshot()).toEqual({ ...before, "broken.yaml": broken });
  });

  it("refuses text that is not YAML, and a missing file", async () => {
    await writeFile(join(repo.root, "bad.yaml"), "openapi: 3.1.0\n  info: [\n");
    await expect(updateSpec({ source: "bad.yaml", root: repo.root, cwd: repo.root })).rejects.toThrow(
      /bad\.yaml is not valid YAML/,
    );
    await expect(updateSpec({ source: "nope.yaml", root: repo.root, cwd: repo.root })).rejects.toThrow(
      /No such file: .*nope\.yaml/,
    );
  });

  it("puts every file back when writing fails half-way", async () => {
    const source = await writeSpec(
      "next.yaml",
      mutate(base, (d) => delete d.paths["/v1/widgets"]),
    );
    const before = await repo.snapshot();
    let writes = 0;
    const onWrite = () => {
      if (++writes === 3) throw new Error("disk full");
    };
    await expect(updateSpec({ source, root: repo.root, onWrite })).rejects.toThrow("disk full");
    expect(writes).toBe(3);
    expect(await repo.snapshot()).toEqual(before);
  });
});

describe("spec:update command line", () => {
  const run = promisify(execFile);
  const cli = join(repoRoot, "packages/spec-tools/src/cli.ts");
  const tsx = join(repoRoot, "packages/spec-tools/node_modules/.bin/tsx");

  it("resolves the file from INIT_CWD, prints the summary, and exits 1 with the reason on a bad spec", async () => {
    const removed = mutate(base, (d) => d.paths["/v1/users/{user_id}"].get.parameters.splice(1, 1));
    await writeSpec("incoming/query-parameter-removed.yaml", removed);
    const env = { ...process.env, INIT_CWD: join(repo.root, "incoming") };
    const { stdout } = await run(tsx, [cli, "update", "query-parameter-removed.yaml", "--root", repo.root], { env });
    expect(stdout).toContain("Spec 1.0.0 → 1.0.0: 1 change.");
    expect(stdout).toContain("- removed query parameter `team_id` from `GET /v1/users/{user_id}`");
    expect(stdout).toContain("Wrote .changeset/spec-1.0.0.md");
    await writeFile(join(repo.root, "empty.yaml"), "openapi: 3.1.0\ninfo:\n  title: x\n");
    const failed = await run(tsx, [cli, "update", join(repo.root, "empty.yaml"), "--root", repo.root], { env }).catch(
      (e) => e,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/spec:update refused: .*empty\.yaml is not a valid OpenAPI document/);
    expect(failed.stderr).toContain("#/info: must have required property 'version' [openapi-schema]");
  });

  it("prints a spec's control characters as \\u escapes, in the summary, the changeset and the generated files", async () => {
    const hostile = mutate(base, (d) => {
      d.info.version = "1.0.1\u001b[2J";
      d.components.schemas.OAuthProviders.enum.push("garmin\u001b[31m");
      d.components.schemas.Widget.description = "A widget\u001b]0;pwned\u0007\u009b";
    });
    await writeSpec("hostile.yaml", hostile);
    const { stdout, stderr } = await run(tsx, [cli, "update", join(repo.root, "hostile.yaml"), "--root", repo.root]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    expect(stdout + stderr).not.toMatch(raw);
    expect(stdout).toContain("- added value `garmin\\u001b[31m` to non-exhaustive enum `OAuthProviders`");
    const files = await repo.snapshot();
    const changeset = Object.keys(files).find((f) => f.startsWith(".changeset/spec-1.0.1"));
    expect(files[changeset as string]).toContain("spec 1.0.0 → 1.0.1\\u001b[2J");
    for (const [path, text] of Object.entries(files)) {
      if (/^(\.changeset|packages)\//.test(path)) expect(text, path).not.toMatch(raw);
    }
    // The escapes mean the same string in generated code: the enum value is still the spec's.
    expect(files["packages/openapi-types/src/generated/runtime.ts"]).toContain('"garmin\\u001b[31m"');
  });

  it("reports a file system failure while writing in one line, with every file put back", async () => {
    await writeSpec(
      "next.yaml",
      mutate(base, (d) => delete d.paths["/v1/widgets"]),
    );
    // A directory where the generated runtime file should be: reading and replacing it fails.
    const runtime = join(repo.root, "packages/openapi-types/src/generated/runtime.ts");
    await rm(runtime);
    await mkdir(join(runtime, "blocker"), { recursive: true });
    const before = await repo.snapshot();
    const failed = await run(tsx, [cli, "update", join(repo.root, "next.yaml"), "--root", repo.root]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^spec:update failed: cannot write packages\/openapi-types\/src\/generated\/runtime\.ts: EISDIR/,
    );
    expect(failed.stderr).toContain("Every file it had written was put back as it was");
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(failed.stderr.trim().split("\n")).toHaveLength(2);
    expect(await repo.snapshot()).toEqual(before);
  });
});

describe("spec:update on a large spec", () => {
  it("handles hundreds of operations (time printed, not asserted)", async () => {
    const large = makeLargeSpec({ resources: 100 });
    const big = await makeTempRepo(stringifySpec(large));
    try {
      const next = makeLargeSpec({ resources: 100, version: "1.1.0" });
      delete next.paths["/v2/resource_5"].get;
      next.components.schemas.Resource007Status.enum.push("archived");
      next.components.schemas.Resource008Kind.enum.push("delta");
      delete next.components.schemas.Resource009Create.properties.note;
      await writeFile(join(big.root, "next.yaml"), stringifySpec(next));
      const started = performance.now();
      const result = await updateSpec({ source: "next.yaml", root: big.root, cwd: big.root });
      const ms = Math.round(performance.now() - started);
      console.log(`spec:update, large spec (300 operations, 701 schemas): ${ms} ms\n${result.summary}`);
      expect(result.changes.map((c) => [c.level, c.text])).toEqual([
        ["major", "removed operation `GET /v2/resource_5`"],
        ["major", "removed optional request body field `note` from `POST /v2/resource_9`"],
        ["major", "added value `archived` to exhaustive enum `Resource007Status`, which appears in responses"],
        ["minor", "added value `delta` to non-exhaustive enum `Resource008Kind`"],
        ["patch", "changed the spec version from `1.0.0` to `1.1.0`"],
      ]);
      expect((await checkSpecRecorded(big.root)).ok).toBe(true);
    } finally {
      await big.remove();
    }
  }, 120_000);
});
