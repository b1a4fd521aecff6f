/**
 * The stateful Junction mock: the bulk-export handler (other operations fall back to a Prism mock),
 * behind `prism proxy --errors` so every request and answer is checked against the spec, behind an
 * optional fault injector.
 *
 *   client → [fault injector] → [Prism proxy, validating] → backend: bulk export | other paths → [Prism mock]
 *
 * What `prism proxy --errors` (5.14.2) did with this spec, found by experiment:
 * - A valid upstream 200 passes through with its body and headers unchanged (Prism adds CORS headers).
 * - A 200 that breaks the response schema becomes a 500 application/problem+json with an `sl-violations` header.
 * - A missing or empty `x-vital-api-key` gets Prism's own 401 problem+json; the request never reaches the backend.
 * - A body that breaks the request schema gets Prism's own 422 problem+json (not forwarded); bad JSON gets a 400.
 * - A path not in the spec gets Prism's 404 problem+json (not forwarded).
 * - Upstream 401/429/500 (statuses the spec does not list) pass through, `Retry-After` included, plus an
 *   `sl-violations` warning header; an upstream 422 passes through unchanged.
 * - An upstream connection reset becomes a 500 problem+json "FetchError": hence faults sit in front of Prism.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import { type BulkExportOptions, type BulkExportStats, createBulkExportHandler } from "./bulk-export.js";
import { createFaultInjector, type FaultOptions, type FaultStats } from "./faults.js";
import { createForwarder, type Forwarder } from "./forward.js";
import { sendJson } from "./http-json.js";
import { type RunningServer, startPrism } from "./prism.js";

/** Options of {@link startMockServer}. Every duration is in milliseconds. */
export interface MockServerOptions extends Omit<BulkExportOptions, "fallback"> {
  /** OpenAPI document that Prism validates against and mocks from. Default: the repository's `openapi/junction.yaml`. */
  spec?: string;
  /** Put `prism proxy --errors` in front of the backend, so spec violations either way become errors. Default `true`. */
  validate?: boolean;
  /** Answer operations the backend has no state for from a Prism mock of the spec; otherwise 404. Default `true`. */
  fallbackToPrism?: boolean;
  /** Inject faults in front of everything else. Default: none. */
  faults?: FaultOptions;
  /** Port of the outermost server (the one at `url`). Default: a free port. */
  port?: number;
  /** How long each Prism process may take to start. Default `60000`. */
  startTimeoutMs?: number;
}

/** Base URLs of the parts of a running mock, outermost first; absent parts were not started. */
export interface MockServerEndpoints {
  faults?: string;
  prismProxy?: string;
  backend: string;
  prismMock?: string;
}

/** Live counters of a running mock. */
export interface MockServerStats {
  backend: BulkExportStats;
  /** Present when `faults` were configured. */
  faults?: FaultStats;
}

/** A running mock: `url` is the outermost server, `close()` stops every server and process it started. */
export interface MockServer extends RunningServer {
  endpoints: MockServerEndpoints;
  stats: MockServerStats;
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

function listen(handler: RequestListener, port = 0): Promise<Listening> {
  const server: Server = createServer(handler);
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", fail);
      const address = server.address();
      if (typeof address !== "object" || address === null) return fail(new Error("server has no address"));
      const close = () =>
        new Promise<void>((done, failClose) => {
          server.close((error) => (error ? failClose(error) : done()));
          server.closeAllConnections();
        });
      ok({ url: `http://127.0.0.1:${address.port}`, close });
    });
  });
}

/** Starts the stateful mock on 127.0.0.1 and resolves once every part answers. Throws on bad options. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { spec, validate = true, fallbackToPrism = true, faults, port, startTimeoutMs, ...bulkOptions } = options;
  // What has been started so far; close() stops all of it at once (and does nothing the second time).
  const stops: (() => Promise<void> | void)[] = [];
  const close = async () => {
    const results = await Promise.allSettled(
      stops
        .splice(0)
        .reverse()
        .map(async (stop) => stop()),
    );
    const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    if (failures.length > 0) throw new AggregateError(failures, "startMockServer: close() failed to stop everything");
  };

  // Bound once the Prism processes are up; nothing reaches them before.
  let toPrismMock: Forwarder | undefined;
  let toPrismProxy: Forwarder | undefined;
  const notFound: RequestListener = (_, res) => sendJson(res, 404, { detail: "Not Found" });
  const bulkExport = createBulkExportHandler({
    ...bulkOptions,
    fallback: fallbackToPrism ? (req, res) => (toPrismMock?.handle ?? notFound)(req, res) : undefined,
  });
  const injector =
    faults &&
    createFaultInjector(validate ? (req, res) => (toPrismProxy?.handle ?? notFound)(req, res) : bulkExport, faults);

  try {
    const backend = await listen(validate ? bulkExport : (injector ?? bulkExport), validate ? 0 : port);
    stops.push(backend.close);
    const [mock, proxy] = await Promise.allSettled([
      fallbackToPrism ? startPrism({ spec, mode: "mock", startTimeoutMs }) : undefined,
      validate
        ? startPrism({ spec, mode: "proxy", upstream: backend.url, startTimeoutMs, port: injector ? undefined : port })
        : undefined,
    ]);
    for (const started of [mock, proxy]) {
      if (started.status === "fulfilled" && started.value) stops.push(started.value.close);
    }
    if (mock.status === "rejected") throw mock.reason;
    if (proxy.status === "rejected") throw proxy.reason;

    const endpoints: MockServerEndpoints = { backend: backend.url };
    if (mock.value) {
      endpoints.prismMock = mock.value.url;
      const forwarder = createForwarder(mock.value.url);
      stops.push(forwarder.close);
      toPrismMock = forwarder;
    }
    if (proxy.value) {
      endpoints.prismProxy = proxy.value.url;
      const forwarder = createForwarder(proxy.value.url);
      stops.push(forwarder.close);
      toPrismProxy = forwarder;
    }
    if (injector && validate) {
      const front = await listen(injector, port);
      stops.push(front.close);
      endpoints.faults = front.url;
    }
    return {
      url: endpoints.faults ?? endpoints.prismProxy ?? endpoints.backend,
      endpoints,
      stats: { backend: bulkExport.stats, faults: injector?.stats },
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
