/**
 * What a request to an operation may carry, for tools that build requests from user input (the CLI's
 * `--param name=value`): each parameter's name, place, whether it is required, its simple type and
 * enum values, and whether the operation takes a request body and of which kind.
 */
import { isOpenEnum, type Json, jsonMediaType, type SpecOperation } from "./spec.ts";

/** The simple type of a parameter value; `string` also stands for anything more complex. */
export type ParameterType = "string" | "integer" | "number" | "boolean";

/** One value's constraints: its type, a `format` worth checking (`uuid`), and the known values. */
export interface ValueFact {
  type: ParameterType;
  /** `uuid` when every variant is one; other formats are not checked. */
  format?: "uuid";
  /** Known values; absent when any value of `type` is allowed. */
  enum?: (string | number | boolean)[];
  /** The API may accept values `enum` does not list (a non-exhaustive enum). */
  enumOpen?: true;
}

export interface ParameterFact extends ValueFact {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  /** Repeatable: the value is a list of `items`. */
  array?: true;
  /** The spec marks the parameter deprecated. */
  deprecated?: true;
}

/** What an operation's request holds beside the API key. */
export interface RequestShapeFact {
  parameters: ParameterFact[];
  /** The request body, or `null` when the operation takes none. `json` is a JSON body; `form` multipart or urlencoded; `other` anything else. */
  body: { kind: "json" | "form" | "other"; mediaType: string; required: boolean } | null;
}

type Resolve = (node: Json) => Json;

const SIMPLE = new Set<string>(["string", "integer", "number", "boolean"]);

/** The non-null variants of a schema, each resolved, with `anyOf`/`oneOf` flattened. */
function variants(schema: Json, resolve: Resolve, via?: Json): { schema: Json; via?: Json }[] {
  const resolved = resolve(schema);
  if (!resolved || typeof resolved !== "object") return [];
  const union = resolved.anyOf ?? resolved.oneOf;
  if (Array.isArray(union)) return union.flatMap((variant: Json) => variants(variant, resolve, variant));
  if (resolved.type === "null") return [];
  if (Array.isArray(resolved.type)) {
    return resolved.type
      .filter((t: unknown) => t !== "null")
      .map((type: string) => ({ schema: { ...resolved, type }, via: via ?? schema }));
  }
  return [{ schema: resolved, via: via ?? schema }];
}

/** The constraints every variant shares; anything the variants disagree on is left unconstrained. */
function valueFact(list: { schema: Json; via?: Json }[]): ValueFact {
  const types = new Set(
    list.map(({ schema }) => (SIMPLE.has(schema.type) ? schema.type : Array.isArray(schema.enum) ? "enum" : "other")),
  );
  const enums = list.filter(({ schema }) => Array.isArray(schema.enum));
  const [only] = types;
  const type: ParameterType =
    types.size === 1 && only !== "other" && only !== "enum"
      ? (only as ParameterType)
      : // An integer-or-number union takes numbers; an enum of strings without a type is a string.
        [...types].every((t) => t === "integer" || t === "number")
        ? "number"
        : "string";
  const fact: ValueFact = { type };
  if (list.length > 0 && list.every(({ schema }) => schema.format === "uuid")) fact.format = "uuid";
  if (list.length > 0 && enums.length === list.length) {
    const values = [
      ...new Set(
        enums.flatMap(({ schema }) => schema.enum.filter((v: unknown) => v !== null && typeof v !== "object")),
      ),
    ] as (string | number | boolean)[];
    fact.enum = values;
    if (enums.some(({ schema, via }) => isOpenEnum(schema, via))) fact.enumOpen = true;
  }
  return fact;
}

function parameterFact(parameter: Json, resolve: Resolve): ParameterFact {
  const list = variants(parameter.schema, resolve, parameter.schema);
  const arrays = list.filter(({ schema }) => schema.type === "array");
  const array = arrays.length > 0 && arrays.length === list.length;
  const value = array
    ? valueFact(arrays.flatMap(({ schema }) => variants(schema.items, resolve, schema.items)))
    : valueFact(list);
  // An enum described beside the parameter (not its schema) opens it too.
  if (value.enum && !value.enumOpen && isOpenEnum({}, parameter)) value.enumOpen = true;
  return {
    name: String(parameter.name),
    in: parameter.in,
    required: parameter.required === true || parameter.in === "path",
    ...value,
    ...(array ? { array: true as const } : {}),
    ...(parameter.deprecated === true || resolve(parameter.schema)?.deprecated === true
      ? { deprecated: true as const }
      : {}),
  };
}

function bodyFact(requestBody: Json, resolve: Resolve): RequestShapeFact["body"] {
  const body = resolve(requestBody);
  const content = body?.content;
  if (!content || typeof content !== "object" || Object.keys(content).length === 0) return null;
  const json = jsonMediaType(content);
  const mediaType = json ?? (Object.keys(content)[0] as string);
  const kind = json
    ? "json"
    : /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(mediaType)
      ? "form"
      : "other";
  return { kind, mediaType, required: body.required === true };
}

/** The request shape of one operation: its parameters (the security scheme's header is not one) and body. */
export function requestShapeOf(op: SpecOperation, resolve: Resolve): RequestShapeFact {
  return {
    parameters: op.parameters.filter((p) => typeof p.name === "string").map((p) => parameterFact(p, resolve)),
    body: bodyFact(op.operation.requestBody, resolve),
  };
}
