import { readFileSync } from "node:fs";
import {
  continuationFieldsOf,
  createResolver,
  kebabCase,
  operationsOf,
  paginationOverrides,
  routeKey,
} from "@junction/codegen";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  apiKeyHeader,
  defaultEnvironment,
  environments,
  OAuthProvidersValues,
  operationIndex,
  paginated,
  requestRules,
  secretFields,
  specVersion,
} from "../src/index.js";

// Every fact is compared with the vendored spec itself, so a spec bump needs no test edits.
const spec = parse(readFileSync(new URL("../../../openapi/junction.yaml", import.meta.url), "utf8"));
const resolve = createResolver(spec);
const specOperations = operationsOf(spec);

describe("runtime facts of the vendored spec", () => {
  it("names an environment for each server, the first being the default", () => {
    expect(Object.values(environments)).toEqual(spec.servers.map((s: { url: string }) => s.url.replace(/\/+$/, "")));
    expect(Object.keys(environments)).toEqual(
      spec.servers.map((s: Record<string, string>) => kebabCase(s["x-fern-server-name"] ?? "")),
    );
    expect(defaultEnvironment).toBe(Object.keys(environments)[0]);
  });

  it("names the auth header and the spec version", () => {
    const schemes = Object.values<{ type: string; in: string; name: string }>(spec.components.securitySchemes);
    expect(schemes.filter((s) => s.type === "apiKey" && s.in === "header").map((s) => s.name)).toContain(apiKeyHeader);
    expect(specVersion).toBe(spec.info.version);
  });

  it("lists the properties that carry credentials, and only names the spec uses", () => {
    const names = new Set<string>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      const properties = (node as { properties?: unknown }).properties;
      if (properties && typeof properties === "object") for (const key of Object.keys(properties)) names.add(key);
      for (const value of Object.values(node)) visit(value);
    };
    visit(spec);
    for (const field of secretFields) expect(names).toContain(field);
    for (const credential of ["access_token", "refresh_token", "password", "api_key", "client_secret"]) {
      if (names.has(credential)) expect(secretFields).toContain(credential);
    }
  });

  it("indexes every operation of the spec by operationId, with its route", () => {
    expect(Object.keys(operationIndex)).toHaveLength(specOperations.length);
    const routes = new Set(specOperations.map(routeKey));
    for (const op of Object.values(operationIndex)) expect(routes).toContain(routeKey(op));
  });

  it("pages every operation whose response has a continuation field, and prints the count per style", () => {
    const counts: Record<string, number> = {};
    for (const entry of Object.values(paginated)) counts[entry.style] = (counts[entry.style] ?? 0) + 1;
    console.log(
      `paging operations of ${spec.info.title} ${specVersion}: ${Object.keys(paginated).length} of ${specOperations.length} ` +
        `(${Object.entries(counts)
          .map(([style, n]) => `${style} ${n}`)
          .join(", ")})`,
    );
    const byRoute = new Map(Object.values(operationIndex).map((op) => [routeKey(op), op]));
    const missed = specOperations
      .filter((op) => continuationFieldsOf(op, resolve).length > 0)
      .map((op) => byRoute.get(routeKey(op)))
      .filter((op) => op && op.pagination === null && paginationOverrides[op.operationId] === undefined)
      .map((op) => `${op?.method.toUpperCase()} ${op?.path}`);
    expect(missed, "operations with a continuation field in their response that do not page").toEqual([]);
    const paging = Object.values(operationIndex).filter((op) => op.pagination !== null);
    expect(Object.fromEntries(paging.map((op) => [routeKey(op), op.pagination]))).toEqual(paginated);
  });

  it("gives request rules only to routes whose operation needs one", () => {
    type Entry = { method: string; path: string; response: string; idempotencyKeyHeader: string | null };
    const entries = Object.values(operationIndex as Record<string, Entry & { maxRequestBodyBytes: number | null }>);
    const needing = entries.filter(
      (op) =>
        op.response === "binary" ||
        op.response === "text" ||
        op.idempotencyKeyHeader !== null ||
        op.maxRequestBodyBytes !== null,
    );
    expect(Object.keys(requestRules).sort()).toEqual(needing.map(routeKey).sort());
  });

  it("exports the known values of each enum", () => {
    expect(OAuthProvidersValues).toEqual(
      spec.components.schemas.OAuthProviders.enum.filter((v: unknown) => v !== null),
    );
  });
});
