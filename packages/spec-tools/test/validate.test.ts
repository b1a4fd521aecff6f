/**
 * Validation tells invalid from unusual: an invalid document is refused, saying where; an unusual one
 * (unknown keywords, style findings) passes with grouped warnings; nothing outside the document is read.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSpecText, stringifySpec } from "../src/spec-io.ts";
import { SpecUpdateError, updateSpec } from "../src/update.ts";
import { formatWarnings, validateSpec } from "../src/validate.ts";
import { fixtures, makeTempRepo, repoRoot, type TempRepo } from "./support/repo.ts";

const baseText = await readFile(join(fixtures, "base.yaml"), "utf8");
const base = parseSpecText(baseText, "base.yaml");
// biome-ignore lint/suspicious/noExplicitAny: a spec is untyped JSON.
type Doc = any;
/** The base fixture with one edit applied. */
const mutate = (edit: (doc: Doc) => void): Doc => {
  const doc = structuredClone(base);
  edit(doc);
  return doc;
};
const validate = (doc: Doc) => validateSpec(stringifySpec(doc), doc, repoRoot, "spec.yaml");
const firstOperation = (doc: Doc) => doc.paths["/v1/users/{user_id}"].get;

describe("validateSpec", () => {
  it("accepts the fixture with no errors", async () => {
    expect((await validate(base)).errors).toEqual([]);
  });

  it("takes an unknown keyword in a schema (union_mode) as a warning, not an error", async () => {
    const doc = mutate((d) => {
      firstOperation(d).parameters[1].schema.union_mode = "left_to_right";
    });
    const { errors, warnings } = await validate(doc);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.rule)).toContain("struct");
    expect(formatWarnings(warnings, "spec.yaml")).toMatch(/^\d+ lint warnings? in \d+ rules?/);
    expect(formatWarnings(warnings, "spec.yaml")).toMatch(/\n +1 × struct: Property `union_mode` is not expected here/);
  });

  it.each([
    ["a missing info.version", (d: Doc) => delete d.info.version, "#/info: must have required property 'version'"],
    ["responses that are not an object", (d: Doc) => (firstOperation(d).responses = "none"), "responses"],
    ["a $ref to nothing", (d: Doc) => (firstOperation(d).parameters[0] = { $ref: "#/nope" }), "no-unresolved-refs"],
    [
      "two operations with one operationId",
      (d: Doc) => (d.paths["/v1/users/{user_id}"].delete = { ...firstOperation(d) }),
      "operation-operationId-unique",
    ],
    [
      "a control character in an operationId",
      (d: Doc) => (firstOperation(d).operationId = "get\u001b[31muser"),
      "unsafe-name",
    ],
    ["OpenAPI 2", (d: Doc) => (d.openapi = "2.0"), "openapi-version"],
  ])("refuses %s", async (_, edit, expected) => {
    const { errors } = await validate(mutate(edit));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => `${e.pointer}: ${e.message} [${e.rule}]`).join("\n")).toContain(expected);
  });

  it("escapes control characters in what it reports", async () => {
    const { errors } = await validate(mutate((d) => (firstOperation(d).operationId = "get\u001b[31muser")));
    const message = errors.map((e) => e.message).join("\n");
    expect(message).toContain("\\u001b");
    expect(message).not.toContain("\u001b");
  });
});

describe("external $refs", () => {
  let repo: TempRepo;
  beforeEach(async () => {
    repo = await makeTempRepo(baseText);
  });
  afterEach(() => repo.remove());

  it("are refused before anything is read or fetched", async () => {
    let requests = 0;
    const server = createServer((_, res) => {
      requests++;
      res.end("{}");
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const { port } = server.address() as AddressInfo;
    try {
      const doc = mutate((d) => {
        firstOperation(d).parameters[0] = { $ref: `http://127.0.0.1:${port}/param.json` };
        firstOperation(d).parameters[1] = { $ref: "/etc/passwd" };
      });
      await writeFile(join(repo.root, "external.yaml"), stringifySpec(doc));
      const before = await repo.snapshot();
      const error = await updateSpec({ source: "external.yaml", root: repo.root, cwd: repo.root }).catch((e) => e);
      expect(error).toBeInstanceOf(SpecUpdateError);
      expect(error.message).toContain('$ref "/etc/passwd" points outside the document');
      expect(error.message).toContain(`$ref "http://127.0.0.1:${port}/param.json" points outside the document`);
      expect(error.message).not.toContain("root:");
      expect(requests).toBe(0);
      expect(await repo.snapshot()).toEqual(before);
    } finally {
      server.close();
    }
  });
});
