/** Changes outside `paths`: the API's info, servers (the SDK's environments), security schemes, named schemas. */
import type { Json } from "@junction/codegen";
import type { Diff } from "api-smart-diff";
import { walk } from "../spec-walk.ts";
import {
  ANNOTATIONS,
  additionOr,
  asLibrary,
  type Context,
  code,
  major,
  minor,
  NOWHERE,
  type Path,
  patch,
} from "./finding.ts";
import { schemaChange } from "./schemas.ts";

/** A change of a top-level key other than `paths` and `components`. */
export function documentChange(ctx: Context, diff: Diff, top: string, rest: Path) {
  if (top === "servers") return serversChange(ctx, diff, rest);
  if (top === "info") {
    const key = String(rest[0] ?? "info");
    if (key === "version") {
      const what = `changed the spec version from ${code(diff.before)} to ${code(diff.after)}`;
      return patch(ctx, diff, what, "`specVersion` only records it");
    }
    const what = rest.length === 0 ? "changed the API info" : `changed the API ${key.replace(/^x-/, "extension ")}`;
    return patch(ctx, diff, what, key === "title" ? "`specTitle` only records it" : "documentation");
  }
  if (top === "tags" || top === "externalDocs" || top.startsWith("x-")) {
    return patch(ctx, diff, `changed ${code(top)}`, "documentation");
  }
  if (top === "security") return asLibrary(ctx, diff, "changed the API's security requirements");
  asLibrary(ctx, diff, `changed ${code(top)}`);
}

export function componentsChange(ctx: Context, diff: Diff, rest: Path) {
  const [kind, name, ...sub] = rest;
  if (kind === "schemas" && name !== undefined) return namedSchemaChange(ctx, diff, String(name), sub);
  if (kind === "securitySchemes") {
    const scheme = walk(ctx.after, ["components", "securitySchemes", String(name)]).node;
    if (sub[0] === "name" && scheme?.in === "header") {
      const what = `changed the API key header from ${code(diff.before)} to ${code(diff.after)}`;
      return major(ctx, diff, what, "`apiKeyHeader` changes");
    }
    if (typeof sub[0] === "string" && ANNOTATIONS.has(sub[0])) {
      return patch(ctx, diff, `changed the ${sub[0]} of security scheme ${code(name)}`, "documentation");
    }
    return asLibrary(ctx, diff, `changed security scheme ${code(name)}`);
  }
  // Parameters, responses and bodies kept in components show up where operations use them.
}

function namedSchemaChange(ctx: Context, diff: Diff, schema: string, sub: Path) {
  if (sub.length === 0 && diff.action !== "replace") {
    const what = `${diff.action === "add" ? "added" : "removed"} schema ${code(schema)}`;
    return additionOr(ctx, diff, what, "its exported type alias disappears", NOWHERE);
  }
  // Schemas used by operations are reported where they are used; enums by name from the facts.
  const used = ctx.usage.any.has(schema);
  if (used && !sub.includes("enum")) return;
  schemaChange(ctx, diff, sub, {
    recordOnly: used,
    direction: "unknown",
    subject: (field) => (field ? `field ${code(field)} of schema ${code(schema)}` : `schema ${code(schema)}`),
    where: null,
    docPath: ["components", "schemas", schema],
  });
}

/** `server \`https://api.example.test\` (Production)`: the URL, and the environment name users pass. */
const environment = (server: Json) =>
  `server ${code(server?.url)}${server?.["x-fern-server-name"] ? ` (${server["x-fern-server-name"]})` : ""}`;

function serversChange(ctx: Context, diff: Diff, rest: Path) {
  if (rest.length === 0) {
    for (const server of diff.before ?? []) serversChange(ctx, { ...diff, action: "remove", before: server }, [0]);
    for (const server of diff.after ?? []) serversChange(ctx, { ...diff, action: "add", after: server }, [0]);
    return;
  }
  if (rest.length === 1) {
    if (diff.action === "add") {
      return minor(ctx, diff, `added ${environment(diff.after)}`, "a new environment callers may choose");
    }
    if (diff.action === "remove") {
      return major(ctx, diff, `removed ${environment(diff.before)}`, "callers choosing that environment break");
    }
  }
  const serverPath = ["servers", ...rest.slice(0, 1)];
  const server = walk(ctx.after, serverPath).node ?? walk(ctx.before, serverPath).node;
  const key = String(rest[1]);
  if (key === "url") {
    const what = `changed the URL of ${environment({ ...server, url: diff.before })} to ${code(diff.after)}`;
    return minor(ctx, diff, what, "the environment's base URL changes");
  }
  if (key === "x-fern-server-name" || key === "x-name") {
    const what = `renamed environment ${code(diff.before)} of server ${code(server?.url)} to ${code(diff.after)}`;
    return major(ctx, diff, what, "environment names are keys of `environments`");
  }
  patch(ctx, diff, `changed the ${key} of ${environment(server)}`, "documentation");
}
