import { describe, expectTypeOf, it } from "vitest";
import {
  apiKeyHeader,
  type BulkExportConnectionsBody,
  type BulkExportConnectionsResponse,
  type ConnectionRecipe,
  type Environment,
  environments,
  type HTTPValidationError,
  type OAuthProviders,
  OAuthProvidersValues,
  operationIndex,
  type operations,
  type paths,
} from "../src/index.js";

describe("generated types", () => {
  it("keeps required and optional fields of the request body", () => {
    expectTypeOf<BulkExportConnectionsBody["provider"]>().toEqualTypeOf<OAuthProviders>();
    expectTypeOf<BulkExportConnectionsBody>().toHaveProperty("user_ids");
    expectTypeOf<{ provider: "oura" }>().toMatchTypeOf<BulkExportConnectionsBody>();
    expectTypeOf<{ user_ids: string[] }>().not.toMatchTypeOf<BulkExportConnectionsBody>();
  });

  it("types nullable anyOf fields as T | null", () => {
    expectTypeOf<BulkExportConnectionsResponse["next_token"]>().toEqualTypeOf<string | null>();
    expectTypeOf<NonNullable<BulkExportConnectionsBody["next_token"]>>().toEqualTypeOf<string>();
    expectTypeOf<BulkExportConnectionsBody["user_ids"]>().toEqualTypeOf<string[] | null | undefined>();
    expectTypeOf<ConnectionRecipe["oauth_scopes"]>().toEqualTypeOf<string[] | null | undefined>();
  });

  it("keeps the response's required fields required", () => {
    expectTypeOf<BulkExportConnectionsResponse["data"]>().toEqualTypeOf<ConnectionRecipe[]>();
    expectTypeOf<ConnectionRecipe["access_token"]>().toEqualTypeOf<string>();
    expectTypeOf<ConnectionRecipe["expires_at"]>().toEqualTypeOf<number>();
    expectTypeOf<{ user_id: string }>().not.toMatchTypeOf<ConnectionRecipe>();
  });

  it("lets the non-exhaustive OAuthProviders enum take known and unknown providers", () => {
    expectTypeOf<"oura">().toMatchTypeOf<OAuthProviders>();
    expectTypeOf<"a_provider_added_next_month">().toMatchTypeOf<OAuthProviders>();
    expectTypeOf<number>().not.toMatchTypeOf<OAuthProviders>();
    // The known values are a readonly tuple of the enum's literals (not widened to string[]).
    expectTypeOf(OAuthProvidersValues).toMatchTypeOf<readonly OAuthProviders[]>();
    expectTypeOf<(typeof OAuthProvidersValues)[0]>().toEqualTypeOf<"oura">();
    expectTypeOf<string>().not.toMatchTypeOf<(typeof OAuthProvidersValues)[number]>();
  });

  it("wires paths to operations and their responses", () => {
    type Op = operations["bulk_export_connections_v2_link_bulk_export_post"];
    expectTypeOf<paths["/v2/link/bulk_export"]["post"]>().toEqualTypeOf<Op>();
    expectTypeOf<Op["responses"][200]["content"]["application/json"]>().toEqualTypeOf<BulkExportConnectionsResponse>();
    expectTypeOf<Op["responses"][422]["content"]["application/json"]>().toEqualTypeOf<HTTPValidationError>();
  });
});

describe("generated runtime facts", () => {
  it("are literal types", () => {
    expectTypeOf<Environment>().toEqualTypeOf<"production" | "production-eu" | "sandbox" | "sandbox-eu">();
    expectTypeOf(environments.sandbox).toEqualTypeOf<"https://api.sandbox.us.junction.com">();
    expectTypeOf(apiKeyHeader).toEqualTypeOf<"x-vital-api-key">();
    expectTypeOf(
      operationIndex.bulk_export_connections_v2_link_bulk_export_post.pagination.style,
    ).toEqualTypeOf<"body">();
  });
});
