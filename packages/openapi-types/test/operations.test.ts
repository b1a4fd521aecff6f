import { readFileSync } from "node:fs";
import { createResolver, operationsOf } from "@junction/codegen";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { operationIndex } from "../src/index.js";
import { operationRequests } from "../src/operations.js";

// Compared with the vendored spec itself, so a spec bump needs no test edits.
const spec = parse(readFileSync(new URL("../../../openapi/junction.yaml", import.meta.url), "utf8"));
const resolve = createResolver(spec);

describe("operationRequests (the ./operations entry)", () => {
  it("describes every operation of the index, and nothing else", () => {
    expect(Object.keys(operationRequests).sort()).toEqual(Object.keys(operationIndex).sort());
  });

  it("lists each operation's parameters as the spec declares them, and its body", () => {
    for (const { operation, parameters } of operationsOf(spec)) {
      const facts = operationRequests[operation.operationId];
      expect(facts?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(
        parameters.map((p) => `${p.in}:${p.name}:${p.required === true || p.in === "path"}`),
      );
      const body = resolve(operation.requestBody);
      expect(facts?.body?.mediaType).toBe(body ? Object.keys(body.content)[0] : undefined);
    }
  });
});
