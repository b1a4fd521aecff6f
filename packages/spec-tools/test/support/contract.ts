/** Calls every operation of a spec through the SDK client against a Prism mock of that spec. */
import { createJunctionClient } from "@junction/client";
import { extractFacts, type ResponseKind } from "@junction/codegen";
import { type MinimalRequest, minimalRequest } from "../../src/minimal-example.ts";
import type { Json } from "../../src/spec-io.ts";

export interface ContractCase {
  operationId: string;
  method: string;
  path: string;
  /** What the first 2xx response carries, so how the client reads it (codegen's `response` fact). */
  response: ResponseKind;
}

/** One entry of Prism's `sl-violations` header. */
export interface Violation {
  /** Where: `["request", "body", "zip"]`, `["response", "body", "items", "0", "timestamp"]`, … */
  location: string[];
  severity: string;
  code: string;
  message: string;
}

/** How the client decoded a 2xx body: as parsed JSON, a Blob, text, or nothing. */
export type Decoded = ResponseKind;

export interface ContractResult extends ContractCase {
  status: number;
  /** Every violation Prism reported. */
  violations: Violation[];
  /** Violations of the request we sent: our bug. */
  requestViolations: Violation[];
  /** Violations Prism reports on a request that is valid (see {@link isMockLimitation}). */
  mockLimitations: Violation[];
  /** Violations of the response Prism served (the spec's own example): a defect of the spec. */
  responseViolations: Violation[];
  /** Prism cut the header short (it caps it near 8 kB); the lists hold what could be read. */
  violationsTruncated: boolean;
  /** The body as the client returned it (`data` on 2xx, `error` otherwise). */
  data: unknown;
  /** How the client decoded a 2xx body (`undefined` for other statuses). */
  decoded: Decoded | undefined;
  /** Size of the body when the client returned a Blob. */
  blobSize: number | undefined;
  contentType: string | null;
  /** The `content-length` Prism sent. */
  contentLength: string | null;
  request: MinimalRequest;
}

/** One row per operation of `doc`, from codegen's operation facts (the generator's own index). */
export async function contractTable(doc: Json): Promise<ContractCase[]> {
  return extractFacts(doc).operations.map(({ operationId, method, path, response }) => ({
    operationId,
    method,
    path,
    response,
  }));
}

const TRUNCATED = "Too many violations! ";

/**
 * Prism's `sl-violations` header. Prism cuts a long one and prefixes it with "Too many violations!";
 * then the entries that arrived whole are kept.
 */
export function parseViolations(header: string | null): { violations: Violation[]; truncated: boolean } {
  if (!header) return { violations: [], truncated: false };
  if (!header.startsWith(TRUNCATED)) return { violations: JSON.parse(header), truncated: false };
  const violations: Violation[] = [];
  const text = header.slice(TRUNCATED.length);
  let start = text.indexOf("{");
  while (start !== -1) {
    let end = text.indexOf("}", start);
    let parsed: Violation | undefined;
    // A message may contain "}": widen until the entry parses, or give up at the cut.
    while (end !== -1 && !parsed) {
      try {
        parsed = JSON.parse(text.slice(start, end + 1));
      } catch {
        end = text.indexOf("}", end + 1);
      }
    }
    if (!parsed || end === -1) break;
    violations.push(parsed);
    start = text.indexOf("{", end + 1);
  }
  return { violations, truncated: true };
}

const FORM_BODY = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * Whether a request violation is Prism's limitation rather than a fault of the request: Prism reads
 * each field of a form body as one string (a repeated field overwrites the previous one), so a field
 * whose schema is an array, such as several files sent under one name, always fails with "must be
 * array" (https://github.com/stoplightio/prism/pull/2654, not released in the Prism we run).
 */
export function isMockLimitation(request: MinimalRequest, violation: Violation): boolean {
  return (
    FORM_BODY.test(request.mediaType ?? "") &&
    violation.location.length === 3 &&
    violation.location[0] === "request" &&
    violation.location[1] === "body" &&
    violation.code === "type" &&
    / must be array$/.test(violation.message)
  );
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

function decodedAs(data: unknown, contentType: string | null): Decoded {
  if (data === undefined) return "empty";
  if (typeof Blob !== "undefined" && data instanceof Blob) return "binary";
  if (typeof data === "string" && !JSON_TYPE.test(contentType ?? "")) return "text";
  return "json";
}

/** Sends the minimal valid request of each case, `concurrency` at a time, and reads what came back. */
export async function runContract(
  doc: Json,
  baseUrl: string,
  cases: ContractCase[],
  concurrency = 8,
  /** Changes the built request before it is sent (to show that a bad one fails). */
  tamper: (request: MinimalRequest) => MinimalRequest = (request) => request,
): Promise<ContractResult[]> {
  const client = createJunctionClient({ baseUrl, apiKey: "contract-test-key", maxRetries: 0, timeoutMs: 30_000 });
  // The client is typed for the vendored spec; the table also drives other specs, so go untyped.
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: Json,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const results: ContractResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const item = cases[index] as ContractCase;
      const built = tamper(minimalRequest(doc, item.method, item.path));
      const init: Json = { params: built.params };
      if (built.body !== undefined) init.body = built.body;
      // The client decodes the body as it would for a caller (JSON, or a Blob where its request rules say).
      const { data, error, response } = await request(item.method.toUpperCase(), item.path, init);
      if (!response.bodyUsed) await response.body?.cancel().catch(() => {});
      const { violations, truncated } = parseViolations(response.headers.get("sl-violations"));
      const contentType = response.headers.get("content-type");
      const ok = response.status >= 200 && response.status < 300;
      results[index] = {
        ...item,
        status: response.status,
        violations,
        requestViolations: violations.filter((v) => v.location[0] === "request" && !isMockLimitation(built, v)),
        mockLimitations: violations.filter((v) => isMockLimitation(built, v)),
        responseViolations: violations.filter((v) => v.location[0] === "response"),
        violationsTruncated: truncated,
        data: ok ? data : error,
        decoded: ok ? decodedAs(data, contentType) : undefined,
        blobSize: data instanceof Blob ? data.size : undefined,
        contentType,
        contentLength: response.headers.get("content-length"),
        request: built,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return results;
}
