/**
 * Finding an operation of the spec from what the user typed: its short name (`user.get_all`), its
 * operationId, or its method and path in one argument (`"GET /v2/user"`). Everything is read from the
 * generated tables, so a spec bump adds operations here for free.
 */
import { operationIndex } from "@junction/openapi-types";
import { type OperationParameter, type OperationRequest, operationRequests } from "@junction/openapi-types/operations";
import { UsageError } from "./exit-codes.js";
import { didYouMean } from "./text.js";

type IndexEntry = (typeof operationIndex)[keyof typeof operationIndex];

/** An operation with everything a command needs to call it. */
export interface Operation {
  operationId: string;
  /** Short name (`link.bulk_export`), the operationId when the spec gives none. */
  name: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  path: string;
  tag: string | null;
  deprecated: boolean;
  beta: boolean;
  /** How it pages, `null` when it does not. */
  pagination: IndexEntry["pagination"];
  /** What the success response carries. */
  response: "json" | "binary" | "text" | "empty";
  parameters: readonly OperationParameter[];
  body: OperationRequest["body"];
}

function toOperation(entry: IndexEntry): Operation {
  const request = operationRequests[entry.operationId] ?? { parameters: [], body: null };
  return {
    operationId: entry.operationId,
    name: entry.name,
    method: entry.method.toUpperCase(),
    path: entry.path,
    tag: entry.tag,
    deprecated: entry.deprecated,
    beta: entry.beta,
    pagination: entry.pagination,
    response: entry.response,
    parameters: request.parameters,
    body: request.body,
  };
}

let all: Operation[] | undefined;

/** Every operation of the spec, in the spec's order. */
export function allOperations(): Operation[] {
  all ??= Object.values(operationIndex).map((entry) => toOperation(entry as IndexEntry));
  return all;
}

/** `"GET /v2/user"`. */
export const routeOf = (op: Pick<Operation, "method" | "path">) => `${op.method} ${op.path}`;

/**
 * The operation `wanted` names. Throws {@link UsageError} with the closest name when it names none.
 * `what` says which kind of operation the command takes, for the message (e.g. "paging operation").
 */
export function findOperation(wanted: string): Operation {
  const text = wanted.trim();
  const route = /^([A-Za-z]+)\s+(\/\S*)$/.exec(text);
  const operations = allOperations();
  const found = route
    ? operations.find((op) => op.method === route[1]?.toUpperCase() && op.path === route[2])
    : operations.find((op) => op.name === text || op.operationId === text);
  if (found) return found;
  const hint = route
    ? didYouMean(`${route[1]?.toUpperCase()} ${route[2]}`, operations.map(routeOf))
    : didYouMean(
        text,
        operations.map((op) => op.name),
      );
  throw new UsageError(
    `Unknown operation ${JSON.stringify(text)}${hint ? hint : "."} Run \`junction operations\` to list them; ` +
      'an operation is named by its short name (user.get_all), its operationId, or "METHOD /path".',
  );
}
