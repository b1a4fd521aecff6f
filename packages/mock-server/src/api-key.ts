/** The team API key check every stateful operation makes; messages name the header, never the key. */

import type { IncomingMessage } from "node:http";
import { apiKeyHeader } from "@junction/openapi-types";

/**
 * Why `req` may not be answered, or `undefined` when its key is acceptable: any non-empty key when
 * `expected` is `undefined`, else exactly `expected`.
 */
export function apiKeyProblem(req: IncomingMessage, expected: string | undefined): string | undefined {
  const key = req.headers[apiKeyHeader];
  if (typeof key !== "string" || key === "") {
    return `Missing API key: send your team API key in the ${apiKeyHeader} header.`;
  }
  if (expected !== undefined && key !== expected) return `Invalid API key in the ${apiKeyHeader} header.`;
  return undefined;
}
