import type { BulkExportConnectionsResponse, ConnectionRecipe } from "@junction/openapi-types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type Page,
  type PaginatedMethod,
  type PaginatedPath,
  paginate,
  type RequestingClient,
} from "../src/paginate.js";

declare const client: RequestingClient;

describe("paginate types", () => {
  it("accepts only paginated operations", () => {
    expectTypeOf<PaginatedMethod>().toEqualTypeOf<"POST">();
    expectTypeOf<PaginatedPath<"POST">>().toEqualTypeOf<"/v2/link/bulk_export">();
    // @ts-expect-error: no GET operation pages
    paginate(client, "GET", "/v2/link/bulk_export", {});
    // @ts-expect-error: not a path of the API
    paginate(client, "POST", "/v2/nope", {});
  });

  it("takes the operation's request and infers the item type", () => {
    const paginator = paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "oura" } });
    expectTypeOf(paginator).toMatchTypeOf<AsyncIterable<ConnectionRecipe>>();
    expectTypeOf(paginator.toArray()).resolves.toEqualTypeOf<ConnectionRecipe[]>();
    expectTypeOf(paginator.pages()).toMatchTypeOf<
      AsyncIterable<Page<ConnectionRecipe, BulkExportConnectionsResponse>>
    >();
    expectTypeOf(paginator.checkpoint).toEqualTypeOf<string | null | undefined>();
    // Unknown providers are fine: the enum is non-exhaustive.
    paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "next_year_provider" } });
    // @ts-expect-error: provider is required
    paginate(client, "POST", "/v2/link/bulk_export", { body: {} });
    // @ts-expect-error: user_ids are strings
    paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "oura", user_ids: [1] } });
  });
});
