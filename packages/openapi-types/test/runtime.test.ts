import { describe, expect, it } from "vitest";
import {
  apiKeyHeader,
  defaultEnvironment,
  environments,
  OAuthProvidersValues,
  operationIndex,
  secretFields,
  specVersion,
} from "../src/index.js";

describe("runtime facts of the vendored spec", () => {
  it("lists the four environments named from x-fern-server-name", () => {
    expect(environments).toEqual({
      production: "https://api.us.junction.com",
      "production-eu": "https://api.eu.junction.com",
      sandbox: "https://api.sandbox.us.junction.com",
      "sandbox-eu": "https://api.sandbox.eu.junction.com",
    });
    expect(defaultEnvironment).toBe("production");
  });

  it("names the auth header, the spec version and the secret fields", () => {
    expect(apiKeyHeader).toBe("x-vital-api-key");
    expect(specVersion).toBe("0.4.483");
    expect(secretFields).toEqual(["access_token", "refresh_token"]);
  });

  it("indexes bulk export as a body-token paginated operation", () => {
    expect(Object.values(operationIndex)).toEqual([
      {
        operationId: "bulk_export_connections_v2_link_bulk_export_post",
        method: "post",
        path: "/v2/link/bulk_export",
        tag: "link",
        pagination: { style: "body", tokenParam: "next_token", nextTokenField: "next_token", itemsField: "data" },
      },
    ]);
  });

  it("exports the known providers", () => {
    expect(OAuthProvidersValues).toContain("oura");
    expect(OAuthProvidersValues).toHaveLength(16);
  });
});
