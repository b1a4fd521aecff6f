/**
 * How an operation pages, read from its parameters and its success response. Four styles:
 *
 * | style    | request                          | response                  | items                         |
 * | -------- | -------------------------------- | ------------------------- | ----------------------------- |
 * | `body`   | body `next_token`                | `next_token`              | the array field (`data`)      |
 * | `cursor` | query `cursor` or `next_cursor`  | `next_cursor`             | the array field, or `groups`  |
 * | `page`   | query `page` and `size`          | `total` (`page`, `size`)  | the one array field           |
 * | `offset` | query `offset` and `limit`       | `total` (`offset`, ...)   | the one array field           |
 *
 * What detection gets wrong is corrected in `pagination-overrides.ts`.
 */
import type { PaginationOverride } from "./pagination-overrides.ts";
import { type Json, jsonMediaType, type SpecOperation } from "./spec.ts";

export type PaginationFact =
  | {
      /** A token sent in the JSON request body and returned in the JSON response body. */
      style: "body";
      tokenParam: string;
      nextTokenField: string;
      itemsField: string;
    }
  | {
      /** A cursor sent as a query parameter, the next one returned in the JSON response body. */
      style: "cursor";
      tokenParam: string;
      nextTokenField: string;
      itemsField: string;
      /** The items field is a map of lists (provider → groups); each list's entries are the items. */
      grouped?: true;
    }
  | {
      /** Numbered pages of `size` items, from `firstPage`; the response says how many items there are in all. */
      style: "page";
      pageParam: string;
      sizeParam: string;
      firstPage: number;
      totalField: string;
      itemsField: string;
    }
  | {
      /** `limit` items from `offset`; the response says how many items there are in all. */
      style: "offset";
      offsetParam: string;
      limitParam: string;
      totalField: string;
      itemsField: string;
    };

export type PaginationStyle = PaginationFact["style"];

/** Response fields that only make sense on an operation that pages. */
export const CONTINUATION_FIELDS = ["next_token", "next_cursor", "next", "cursor", "total", "pages", "offset", "page"];

type Resolve = (node: Json) => Json;

const notNull = (resolve: Resolve) => (variant: Json) => resolve(variant)?.type !== "null";

/** The properties of an object schema, following `$ref`, `allOf` and nullable `anyOf`/`oneOf`. */
export function objectProperties(schema: Json, resolve: Resolve): Record<string, Json> {
  const s = resolve(schema);
  if (!s || typeof s !== "object") return {};
  const props: Record<string, Json> = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(props, objectProperties(part, resolve));
  for (const key of ["anyOf", "oneOf"] as const) {
    const variants = (s[key] ?? []).filter(notNull(resolve));
    if (variants.length === 1) Object.assign(props, objectProperties(variants[0], resolve));
  }
  return props;
}

/** The schema itself, or its one non-null variant (`T | null` written as `anyOf`). */
function nonNull(schema: Json, resolve: Resolve): Json {
  const s = resolve(schema);
  if (!s || typeof s !== "object") return s;
  const variants = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].filter(notNull(resolve));
  return variants.length === 1 ? nonNull(variants[0], resolve) : s;
}

const hasType = (s: Json, type: string) => s?.type === type || (Array.isArray(s?.type) && s.type.includes(type));

function isArraySchema(schema: Json, resolve: Resolve): boolean {
  return hasType(nonNull(schema, resolve), "array");
}

/** An object whose every value is a list (`{ [provider]: Group[] }`). */
function isMapOfArrays(schema: Json, resolve: Resolve): boolean {
  const s = nonNull(schema, resolve);
  return hasType(s, "object") && !s.properties && isArraySchema(s.additionalProperties, resolve);
}

/** The JSON schema of the operation's first 2xx response. */
export function successSchema(operation: Json, resolve: Resolve): Json {
  const responses = operation?.responses ?? {};
  const code = Object.keys(responses)
    .filter((c) => /^2(\d\d|XX)$/i.test(c))
    .sort()[0];
  if (!code) return undefined;
  const content = resolve(responses[code])?.content;
  const media = jsonMediaType(content);
  return media ? content[media]?.schema : undefined;
}

const ITEM_FIELD_PREFERENCE = ["data", "items", "results", "records"];

function itemsFieldOf(props: Record<string, Json>, resolve: Resolve): { field: string; grouped?: true } | null {
  const arrays = Object.keys(props).filter((k) => isArraySchema(props[k], resolve));
  if (arrays.length === 1) return { field: arrays[0] as string };
  const preferred = ITEM_FIELD_PREFERENCE.find((k) => arrays.includes(k));
  if (preferred) return { field: preferred };
  if (arrays.length > 0) return null;
  const maps = Object.keys(props).filter((k) => isMapOfArrays(props[k], resolve));
  return maps.length === 1 ? { field: maps[0] as string, grouped: true } : null;
}

const hasInteger = (schema: Json, resolve: Resolve) => {
  const s = nonNull(schema, resolve);
  return hasType(s, "integer") || hasType(s, "number");
};

/** The style an operation pages in, from its shape alone (no overrides). */
export function detectPagination(op: SpecOperation, resolve: Resolve): PaginationFact | null {
  const props = objectProperties(successSchema(op.operation, resolve), resolve);
  const items = itemsFieldOf(props, resolve);
  if (!items) return null;
  const itemsField = items.field;

  const bodyContent = resolve(op.operation.requestBody)?.content;
  const bodyMedia = jsonMediaType(bodyContent);
  const bodyProps = bodyMedia ? objectProperties(bodyContent[bodyMedia]?.schema, resolve) : {};
  if ("next_token" in bodyProps && "next_token" in props) {
    return { style: "body", tokenParam: "next_token", nextTokenField: "next_token", itemsField };
  }

  const query = new Map<string, Json>(op.parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
  // Prefer the parameter the spec does not deprecate (older operations keep `cursor` beside `next_cursor`).
  const cursors = ["cursor", "next_cursor"].filter((name) => query.has(name));
  const tokenParam = cursors.find((name) => !query.get(name)?.deprecated) ?? cursors[0];
  if (tokenParam && "next_cursor" in props) {
    return {
      style: "cursor",
      tokenParam,
      nextTokenField: "next_cursor",
      itemsField,
      ...(items.grouped ? { grouped: true as const } : {}),
    };
  }
  if (items.grouped) return null;

  const total = "total" in props && hasInteger(props.total, resolve) ? "total" : null;
  if (total && query.has("page") && query.has("size")) {
    const page = resolve(query.get("page")?.schema) ?? {};
    const first = [page.minimum, page.default].find((v) => Number.isInteger(v) && v >= 0) ?? 1;
    return { style: "page", pageParam: "page", sizeParam: "size", firstPage: first, totalField: total, itemsField };
  }
  if (total && query.has("offset") && query.has("limit")) {
    return { style: "offset", offsetParam: "offset", limitParam: "limit", totalField: total, itemsField };
  }
  return null;
}

/** How `op` pages: the override filed under its operationId, else what detection finds. */
export function paginationFor(
  op: SpecOperation,
  operationId: string,
  resolve: Resolve,
  overrides: Record<string, PaginationOverride>,
): PaginationFact | null {
  const override = overrides[operationId];
  return override === undefined ? detectPagination(op, resolve) : override.pagination;
}

/** Fields of the success response that suggest paging (`next_cursor`, `total`, ...). */
export function continuationFieldsOf(op: SpecOperation, resolve: Resolve): string[] {
  const props = objectProperties(successSchema(op.operation, resolve), resolve);
  return CONTINUATION_FIELDS.filter((field) => field in props);
}
