import type {
  BulkExportConnectionsResponse,
  ConnectionRecipe,
  Environment,
  HTTPValidationError,
} from "@junction/openapi-types";
import { describe, expectTypeOf, it } from "vitest";
import {
  createJunctionClient,
  type JunctionClientOptions,
  type JunctionRequestOptions,
  type RateLimitError,
  unwrap,
  type ValidationError,
} from "../src/index.js";

const client = createJunctionClient({ apiKey: "k" });

describe("types", () => {
  it("client.POST keeps openapi-fetch's result union, typed by the spec", () => {
    const call = client.POST("/v2/link/bulk_export", { body: { provider: "oura" } });
    type Result = Awaited<typeof call>;
    expectTypeOf<NonNullable<Result["data"]>>().toEqualTypeOf<BulkExportConnectionsResponse>();
    expectTypeOf<NonNullable<Result["error"]>>().toEqualTypeOf<HTTPValidationError>();
    expectTypeOf<Result["response"]>().toEqualTypeOf<Response>();
  });

  it("unwrap returns the success data", () => {
    const page = unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "garmin" } }));
    expectTypeOf(page).resolves.toEqualTypeOf<BulkExportConnectionsResponse>();
    expectTypeOf(page).resolves.toHaveProperty("data").toEqualTypeOf<ConnectionRecipe[]>();
  });

  it("the body is checked against the spec", () => {
    // @ts-expect-error: provider is required
    client.POST("/v2/link/bulk_export", { body: { user_ids: [] } });
    // @ts-expect-error: no such path
    client.POST("/v2/link/bulk_exports", { body: { provider: "oura" } });
    // An unknown provider is allowed: the enum is open.
    client.POST("/v2/link/bulk_export", { body: { provider: "some_new_provider" } });
  });

  it("environment accepts only the spec's environment names", () => {
    expectTypeOf<NonNullable<JunctionClientOptions["environment"]>>().toEqualTypeOf<Environment>();
    expectTypeOf<Environment>().toEqualTypeOf<"production" | "production-eu" | "sandbox" | "sandbox-eu">();
    createJunctionClient({ apiKey: "k", environment: "sandbox-eu" });
    // @ts-expect-error: "staging" is not an environment
    createJunctionClient({ apiKey: "k", environment: "staging" });
  });

  it("per-call options sit next to openapi-fetch's", () => {
    client.POST("/v2/link/bulk_export", {
      body: { provider: "oura" },
      timeoutMs: 5000,
      maxRetries: 0,
      idempotent: true,
    });
    expectTypeOf<JunctionRequestOptions["timeoutMs"]>().toEqualTypeOf<number | undefined>();
  });

  it("error fields are typed", () => {
    expectTypeOf<ValidationError["body"]>().toEqualTypeOf<HTTPValidationError>();
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ValidationError["status"]>().toEqualTypeOf<number>();
  });

  it("the client stays extensible and describes itself", () => {
    expectTypeOf(client.baseUrl).toEqualTypeOf<string>();
    expectTypeOf(client.environment).toEqualTypeOf<Environment | undefined>();
    expectTypeOf(client.use).toBeFunction();
  });
});
