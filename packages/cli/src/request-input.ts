/**
 * `--param name=value` and `--body JSON|@file`, checked against the operation's generated request facts
 * before anything is sent: unknown names (with the closest valid one), missing required parameters,
 * values of the wrong type or outside a closed enum, a body where none is taken or none where one is needed.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { OperationParameter } from "@junction/openapi-types/operations";
import { UsageError } from "./exit-codes.js";
import type { Operation } from "./operation-lookup.js";
import { didYouMean, excerpt } from "./text.js";

/** What the command line gave for the request. */
export interface RequestInput {
  /** Each `--param` as given: `name=value`. */
  params: readonly string[];
  /** `--body`: JSON text, or `@path` to read it from a file. */
  body?: string;
}

type Value = string | number | boolean;

/** openapi-fetch's request: parameters by place, and the JSON body. */
export interface RequestInit {
  params: { path?: Record<string, Value>; query?: Record<string, Value | Value[]>; header?: Record<string, string> };
  body?: unknown;
}

/** A checked request, and a digest of it that a checkpoint records. */
export interface BuiltRequest {
  init: RequestInit;
  digest: string;
}

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** What a parameter takes, for messages: `integer`, `uuid`, `one of a, b`, `a list of integer`. */
export function describeValue(p: OperationParameter): string {
  const one = p.enum && !p.enumOpen ? `one of ${p.enum.join(", ")}` : p.format === "uuid" ? "uuid" : p.type;
  return p.array ? `${one} (repeat --param for a list)` : one;
}

/** `raw` as a value of `p`'s type; throws {@link UsageError} saying what was expected. */
function parseValue(p: OperationParameter, raw: string, operation: string): Value {
  const bad = (expected: string) =>
    new UsageError(`--param ${p.name} of ${operation} must be ${expected}, got ${excerpt(raw)}.`);
  let value: Value = raw;
  if (p.type === "integer") {
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) throw bad("a whole number");
    value = Number(raw);
  } else if (p.type === "number") {
    if (raw.trim() === "" || !Number.isFinite(Number(raw))) throw bad("a number");
    value = Number(raw);
  } else if (p.type === "boolean") {
    if (raw !== "true" && raw !== "false") throw bad("true or false");
    value = raw === "true";
  } else if (p.format === "uuid" && !uuid.test(raw)) {
    throw bad("a UUID (such as 123e4567-e89b-12d3-a456-426614174000)");
  }
  if (p.enum && !p.enumOpen && !p.enum.some((known) => String(known) === String(value))) {
    throw bad(`one of ${p.enum.join(", ")}`);
  }
  return value;
}

async function readBody(raw: string): Promise<unknown> {
  let text = raw;
  let source = "--body";
  if (raw.startsWith("@")) {
    const path = raw.slice(1);
    source = `--body file ${JSON.stringify(path)}`;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UsageError(`Cannot read ${source} (${reason}): check the path.`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text; a file may hold secrets, so only the position is told.
    const at = /position (\d+)/.exec(String((error as Error).message))?.[1];
    throw new UsageError(
      `${source} is not valid JSON${at === undefined ? "" : ` (at character ${Number(at) + 1})`}. ` +
        'Give a JSON object, e.g. --body \'{"provider":"oura"}\', or --body @file.json.',
    );
  }
}

/** Checks `input` against `op` and builds its request. Throws {@link UsageError} for anything wrong. */
export async function buildRequest(op: Operation, input: RequestInput): Promise<BuiltRequest> {
  const byName = new Map(op.parameters.map((p) => [p.name, p]));
  const given = new Map<string, Value[]>();
  for (const item of input.params) {
    const equals = item.indexOf("=");
    const name = (equals === -1 ? item : item.slice(0, equals)).trim();
    const p = byName.get(name);
    if (!p) {
      if (op.parameters.length === 0) {
        throw new UsageError(`${op.name} takes no parameters; leave out --param ${excerpt(name)}.`);
      }
      const hint = didYouMean(name, byName.keys());
      throw new UsageError(
        `unknown parameter '${name.slice(0, 40)}' for ${op.name}${hint || `. Its parameters: ${[...byName.keys()].join(", ")}.`}`,
      );
    }
    if (equals === -1) throw new UsageError(`--param ${name} needs a value: --param ${name}=<${describeValue(p)}>.`);
    if (p.in === "cookie") throw new UsageError(`${name} is a cookie parameter, which the CLI cannot send.`);
    const values = given.get(name) ?? [];
    if (values.length > 0 && !p.array) {
      throw new UsageError(`--param ${name} is given twice; ${op.name} takes one value for it.`);
    }
    values.push(parseValue(p, item.slice(equals + 1), op.name));
    given.set(name, values);
  }
  const missing = op.parameters.filter((p) => p.required && !given.has(p.name));
  if (missing.length > 0) {
    const list = missing.map((p) => `--param ${p.name}=<${describeValue(p)}>`).join(" ");
    throw new UsageError(`${op.name} needs ${list} (required).`);
  }

  const path: Record<string, Value> = {};
  const query: Record<string, Value | Value[]> = {};
  const header: Record<string, string> = {};
  for (const [name, values] of given) {
    const p = byName.get(name) as OperationParameter;
    const value = p.array ? values : (values[0] as Value);
    if (p.in === "path") path[name] = value as Value;
    else if (p.in === "header") header[name] = String(value);
    else query[name] = value;
  }
  const init: RequestInit = { params: {} };
  if (Object.keys(path).length > 0) init.params.path = path;
  if (Object.keys(query).length > 0) init.params.query = query;
  if (Object.keys(header).length > 0) init.params.header = header;

  if (input.body !== undefined) {
    if (!op.body) throw new UsageError(`${op.name} takes no request body; leave out --body.`);
    if (op.body.kind !== "json") {
      throw new UsageError(
        `${op.name} takes a ${op.body.mediaType} body, which the CLI cannot send; use @junction/client for it.`,
      );
    }
    init.body = await readBody(input.body);
  } else if (op.body?.required) {
    throw new UsageError(
      op.body.kind === "json"
        ? `${op.name} needs a JSON request body: --body '{...}' or --body @file.json.`
        : `${op.name} takes a ${op.body.mediaType} body, which the CLI cannot send; use @junction/client for it.`,
    );
  }
  const canonical = JSON.stringify([...given.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  const digest = createHash("sha256")
    .update(`${canonical}\n${JSON.stringify(init.body ?? null)}`)
    .digest("hex")
    .slice(0, 32);
  return { init, digest: `sha256:${digest}` };
}
