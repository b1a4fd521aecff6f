import type { ConnectionRecipe, HTTPValidationError, paths } from "@junction/openapi-types";
import createClient from "openapi-fetch";
import { beforeAll, describe, expect, expectTypeOf, inject, it } from "vitest";
import {
  AuthenticationError,
  createJunctionClient,
  type JunctionClient,
  unwrap,
  ValidationError,
} from "../src/index.js";
import { apiKey, bulkExport } from "./helpers.js";

describe("the client against the Prism mock of the spec", () => {
  let client: JunctionClient;
  beforeAll(() => {
    client = createJunctionClient({ apiKey, baseUrl: inject("prismUrl") });
  });

  it("valid bulk export → 200 with typed connections", async () => {
    const { data, error, response } = await client.POST(bulkExport, { body: { provider: "oura" } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(response.headers.get("sl-violations")).toBeNull();
    const connections = data?.data ?? [];
    expectTypeOf(connections).toEqualTypeOf<ConnectionRecipe[]>();
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) {
      expect(typeof c.user_id).toBe("string");
      expect(typeof c.access_token).toBe("string");
      expect(Number.isInteger(c.expires_at)).toBe(true);
    }
    expect(data?.next_token === null || typeof data?.next_token === "string").toBe(true);
  });

  it("unwrap returns the page", async () => {
    const page = await unwrap(client.POST(bulkExport, { body: { provider: "fitbit", user_ids: null } }));
    expect(Array.isArray(page.data)).toBe(true);
  });

  it("invalid body → ValidationError (422) with Prism's sl-violations in its headers", async () => {
    const error = await unwrap(
      // @ts-expect-error: provider is required; sent anyway to see the API refuse it
      client.POST(bulkExport, { body: { user_ids: ["not-a-uuid"] } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as ValidationError;
    expect(e.status).toBe(422);
    expect(e.method).toBe("POST");
    expect(e.path).toBe("/v2/link/bulk_export");
    expectTypeOf(e.body).toEqualTypeOf<HTTPValidationError>();
    const violations = JSON.parse(e.headers["sl-violations"] ?? "[]") as { location: string[] }[];
    expect(violations.map((v) => v.location.join("."))).toContain("request.body");
  });

  it("no key → 401 AuthenticationError (via a plain openapi-fetch client: this client always sends its key)", async () => {
    const plain = createClient<paths>({ baseUrl: inject("prismUrl") });
    const error = await unwrap(plain.POST(bulkExport, { body: { provider: "oura" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
  });

  it("the key reaches Prism (no 401) and a missing key fails at creation", () => {
    expect(() => createJunctionClient({ apiKey: "", baseUrl: inject("prismUrl") })).toThrow(/JUNCTION_API_KEY/);
  });
});
