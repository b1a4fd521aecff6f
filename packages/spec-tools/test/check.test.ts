/** `spec:check`: the vendored spec's hash must be recorded by a changeset or the changelog. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalJson, markersIn, specHash, specMarker } from "../src/canonical.ts";
import { checkSpecRecorded } from "../src/check.ts";
import { parseSpecText } from "../src/spec-io.ts";
import { fixtures, makeTempRepo, repoRoot, type TempRepo } from "./support/repo.ts";

const baseText = await readFile(join(fixtures, "base.yaml"), "utf8");
const baseHash = specHash(parseSpecText(baseText, "base"));

let repo: TempRepo;
beforeEach(async () => {
  repo = await makeTempRepo(baseText);
});
afterEach(() => repo.remove());

describe("spec:check", () => {
  it("passes for the real repository today", async () => {
    const result = await checkSpecRecorded(repoRoot);
    expect(result.ok, result.message).toBe(true);
  });

  it("fails without a marker and says to run pnpm spec:update", async () => {
    await writeFile(join(repo.root, ".changeset/other.md"), '---\n"@junction/client": patch\n---\n\nFix.\n');
    const result = await checkSpecRecorded(repo.root);
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`openapi/junction.yaml (sha256:${baseHash}) is not recorded by any changeset`);
    expect(result.message).toContain("pnpm spec:update");
    expect(result.searched).toEqual([".changeset/other.md"]);
  });

  it("passes with the marker in a changeset, and fails again once the spec is edited by hand", async () => {
    await writeFile(join(repo.root, ".changeset/spec-1.0.0.md"), `---\n---\n\nText.\n\n${specMarker(baseHash)}\n`);
    expect((await checkSpecRecorded(repo.root)).ok).toBe(true);
    await writeFile(join(repo.root, "openapi/junction.yaml"), baseText.replace("Get User", "Get a User"));
    expect((await checkSpecRecorded(repo.root)).ok).toBe(false);
  });

  it("passes with the marker moved (indented) into the openapi-types changelog", async () => {
    await mkdir(join(repo.root, "packages/openapi-types"), { recursive: true });
    const changelog = `# @junction/openapi-types\n\n## 1.0.0\n\n### Major Changes\n\n- abc123: Junction API spec 1.0.0\n\n  ${specMarker(baseHash)}\n`;
    await writeFile(join(repo.root, "packages/openapi-types/CHANGELOG.md"), changelog);
    const result = await checkSpecRecorded(repo.root);
    expect(result.ok).toBe(true);
    expect(result.message).toContain("packages/openapi-types/CHANGELOG.md");
  });

  it("hashes the document, not its formatting", () => {
    const doc = parseSpecText(baseText, "base");
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    expect(specHash(reordered)).toBe(baseHash);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(markersIn(`x\n  ${specMarker(baseHash)}\n<!-- junction-spec sha256:short -->`)).toEqual([baseHash]);
  });
});
