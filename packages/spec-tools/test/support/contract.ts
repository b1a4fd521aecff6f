/** Calls every operation of a spec through the SDK client against a Prism mock of that spec. */
import { createJunctionClient } from "@junction/client";
import { extractFacts } from "@junction/codegen";
import { type MinimalRequest, minimalRequest } from "../../src/minimal-example.ts";
import type { Json } from "../../src/spec-io.ts";

export interface ContractCase {
  operationId: string;
  method: string;
  path: string;
}

export interface ContractResult extends ContractCase {
  status: number;
  violations: unknown[];
  request: unknown;
}

/** One row per operation of `doc`, from the generator's operation index. */
export async function contractTable(doc: Json): Promise<ContractCase[]> {
  return extractFacts(doc).operations.map(({ operationId, method, path }) => ({ operationId, method, path }));
}

/** Sends the minimal valid request of each case, `concurrency` at a time. */
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
  ) => Promise<{ response: Response }>;
  const results: ContractResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const item = cases[index] as ContractCase;
      const built = tamper(minimalRequest(doc, item.method, item.path));
      const init: Json = { params: built.params };
      if (built.body !== undefined) init.body = built.body;
      const { response } = await request(item.method.toUpperCase(), item.path, init);
      await response.body?.cancel().catch(() => {});
      results[index] = {
        ...item,
        status: response.status,
        violations: JSON.parse(response.headers.get("sl-violations") ?? "[]"),
        request: built,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return results;
}
