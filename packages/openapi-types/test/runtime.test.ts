import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  apiKeyHeader,
  defaultEnvironment,
  environments,
  OAuthProvidersValues,
  operationIndex,
  secretFields,
  specVersion,
} from "../src/index.js";

// Facts that change with each spec bump are compared with the spec itself, so a bump needs no test edits.
const spec = parse(readFileSync(new URL("../../../openapi/junction.yaml", import.meta.url), "utf8"));

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
    expect(specVersion).toBe(spec.info.version);
    expect(secretFields).toEqual(["access_token", "refresh_token"]);
  });

  it("indexes bulk export as a body-token paginated operation", () => {
    expect(operationIndex.bulk_export_connections_v2_link_bulk_export_post).toEqual({
      operationId: "bulk_export_connections_v2_link_bulk_export_post",
      method: "post",
      path: "/v2/link/bulk_export",
      tag: "link",
      pagination: { style: "body", tokenParam: "next_token", nextTokenField: "next_token", itemsField: "data" },
    });
    const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    const specOperations = Object.values<Record<string, unknown>>(spec.paths).flatMap((item) =>
      Object.keys(item).filter((key) => methods.includes(key)),
    );
    expect(Object.keys(operationIndex)).toHaveLength(specOperations.length);
  });

  it("exports the known providers", () => {
    expect(OAuthProvidersValues).toContain("oura");
    expect(OAuthProvidersValues).toEqual(spec.components.schemas.OAuthProviders.enum);
  });
});
