import type {} from "@junction/mock-server/vitest-global-setup";
import createClient from "openapi-fetch";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiKeyHeader, type ConnectionRecipe, OAuthProvidersValues, type paths } from "../src/index.js";

type Violation = { location: string[]; code: string; message: string };
const violations = (response: Response): Violation[] => JSON.parse(response.headers.get("sl-violations") ?? "[]");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a connection against the ConnectionRecipe schema, field by field. */
function expectConnectionRecipe(c: ConnectionRecipe): void {
  expect(c.user_id).toMatch(UUID);
  for (const key of ["access_token", "refresh_token", "provider_id"] as const) expect(typeof c[key]).toBe("string");
  expect(Number.isInteger(c.expires_at)).toBe(true);
  if (c.oauth_scopes != null) expect(c.oauth_scopes.every((s) => typeof s === "string")).toBe(true);
}

describe("POST /v2/link/bulk_export against the Prism mock", () => {
  let client: ReturnType<typeof createClient<paths>>;
  beforeAll(() => {
    client = createClient<paths>({ baseUrl: inject("prismUrl"), headers: { [apiKeyHeader]: "test-key" } });
  });

  it("answers a valid request with a 200 whose body matches the schema", async () => {
    const { data, error, response } = await client.POST("/v2/link/bulk_export", {
      body: { provider: "oura", user_ids: ["0b6a7d35-5c8f-4c0e-9d2a-2f3f1e7b8c11"], next_token: null },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(violations(response)).toEqual([]);
    expect(Array.isArray(data?.data)).toBe(true);
    expect(data?.data.length).toBeGreaterThan(0);
    for (const connection of data?.data ?? []) expectConnectionRecipe(connection);
    expect(data?.next_token === null || typeof data?.next_token === "string").toBe(true);
  });

  it("accepts every known provider and an unknown one is still a string the type allows", async () => {
    for (const provider of OAuthProvidersValues.slice(0, 3)) {
      const { response } = await client.POST("/v2/link/bulk_export", { body: { provider } });
      expect(response.status).toBe(200);
    }
  });

  it("answers 422 with sl-violations for a bad UUID in user_ids", async () => {
    const { data, error, response } = await client.POST("/v2/link/bulk_export", {
      body: { provider: "oura", user_ids: ["not-a-uuid"] },
    });
    expect(response.status).toBe(422);
    expect(data).toBeUndefined();
    expect(error).toBeDefined();
    const found = violations(response);
    expect(found).toContainEqual(
      expect.objectContaining({ location: ["request", "body", "user_ids", "0"], code: "format" }),
    );
    expect(found.map((v) => v.message).join("\n")).toMatch(/user_ids\.0 must match format "uuid"/);
  });

  it("answers 422 with sl-violations for a missing provider", async () => {
    // @ts-expect-error: provider is required by the schema; send the bad body on purpose.
    const { response } = await client.POST("/v2/link/bulk_export", { body: { user_ids: null } });
    expect(response.status).toBe(422);
    expect(violations(response)).toContainEqual(
      expect.objectContaining({ code: "required", message: "Request body must have required property 'provider'" }),
    );
  });

  it("answers 401 when the API key is missing", async () => {
    const anonymous = createClient<paths>({ baseUrl: inject("prismUrl") });
    const { data, error, response } = await anonymous.POST("/v2/link/bulk_export", { body: { provider: "oura" } });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ status: 401, title: "Invalid security scheme used" });
  });
});
