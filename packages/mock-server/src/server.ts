/**
 * The stateful Junction mock: one operation of each paging style of the spec answered from seeded
 * data (bulk export, users, orders, grouped steps; other operations fall back to a Prism mock),
 * behind `prism proxy --errors` so every request and answer is checked against the spec, behind an
 * optional fault injector.
 *
 *   client → [fault injector] → [Prism proxy, validating] → backend: stateful routes | others → [Prism mock, dynamic]
 *
 * What `prism proxy --errors` (5.14.2) did with this spec, found by experiment:
 * - A valid upstream 200 passes through with its body and headers unchanged (Prism adds CORS headers).
 * - A 200 that breaks the response schema becomes a 500 application/problem+json with an `sl-violations` header.
 * - A missing or empty `x-vital-api-key` gets Prism's own 401 problem+json; the request never reaches the backend.
 * - A body that breaks the request schema gets Prism's own 422 problem+json (not forwarded); bad JSON gets a 400.
 * - A body in another media type than JSON (`text/plain`...) gets Prism's 422 problem+json whose `validation`
 *   entry has code 415, "Supported content types: application/json" (not forwarded). The bare backend
 *   (`validate: false`) answers such a bulk export 415 itself rather than parse it anyway.
 * - A path not in the spec gets Prism's 404 problem+json (not forwarded).
 * - Upstream 401/429/500 (statuses the spec does not list) pass through, `Retry-After` included, plus an
 *   `sl-violations` warning header; an upstream 422 passes through unchanged.
 * - An upstream connection reset becomes a 500 problem+json "FetchError": hence faults sit in front of Prism.
 * - A Prism mock with `--errors` checks its own answers too: where the spec's example breaks its schema it
 *   answers 500 (see fallback.ts for why the fallback mock generates bodies instead).
 * - A deprecated query parameter (the steps timeseries' `cursor`) gets Prism's 422: `--errors` makes the
 *   deprecation warning an error. The backend accepts it; only a client talking to it directly can use it.
 * - Repeated multipart parts are not read as a list, so `POST /lab_report/v1/parser/job` (a list of
 *   files) gets Prism's 422 "file must be array", from the proxy and from a plain Prism mock alike.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import { type BulkExportOptions, type BulkExportStats, createBulkExportHandler } from "./bulk-export.js";
import { createPrismFallback } from "./fallback.js";
import { createFaultInjector, type FaultOptions, type FaultStats } from "./faults.js";
import { createForwarder, type Forwarder } from "./forward.js";
import { sendJson } from "./http-json.js";
import { statefulOperations } from "./operations.js";
import { createOrdersRoute } from "./orders.js";
import type { OrdersOptions } from "./orders-data.js";
import { type RunningServer, startPrism } from "./prism.js";
import { createRouter, type RouteStats } from "./route.js";
import { createStepsRoute } from "./steps.js";
import type { StepsOptions } from "./steps-data.js";
import { createUsersRoute } from "./users.js";
import type { UsersOptions } from "./users-data.js";

/**
 * Options of {@link startMockServer}. Every duration is in milliseconds. `seed` and `providers` shape
 * every data set; `connections`, `pageSize` and `emptyPageEvery` are the bulk export's.
 */
export interface MockServerOptions extends Omit<BulkExportOptions, "fallback"> {
  /** Users of `GET /v2/user` (offset/limit paging). Default: 1000 users, `limit` 100 when absent, at most 500 a page. */
  users?: UsersOptions;
  /** Orders of `GET /v3/orders` (page/size paging). Default: 500 orders, `size` 50 when absent, at most 100 a page. */
  orders?: OrdersOptions;
  /** Paging of `GET /v2/timeseries/{user_id}/steps/grouped` (cursor, grouped). Default: 30 groups a page. */
  steps?: StepsOptions;
  /** OpenAPI document that Prism validates against and mocks from. Default: the repository's `openapi/junction.yaml`. */
  spec?: string;
  /** Put `prism proxy --errors` in front of the backend, so spec violations either way become errors. Default `true`. */
  validate?: boolean;
  /**
   * Answer operations the backend has no state for from a Prism mock of the spec, with bodies generated
   * from the schemas (seeded with `seed`); otherwise 404. Default `true`.
   */
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
  /** `POST /v2/link/bulk_export`; its `requests` and `fallback` also count requests for operations without state. */
  backend: BulkExportStats;
  /** `GET /v2/user`. */
  users: RouteStats;
  /** `GET /v3/orders`. */
  orders: RouteStats;
  /** `GET /v2/timeseries/{user_id}/steps/grouped`. */
  steps: RouteStats;
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
  const { spec, validate = true, fallbackToPrism = true, faults, port, startTimeoutMs, ...dataOptions } = options;
  const { users, orders, steps, ...exportOptions } = dataOptions;
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
  const stateful = statefulOperations.map((op) => `${op.method} ${op.path}`).join(", ");
  const withoutState: RequestListener = (_, res) =>
    sendJson(res, 404, {
      detail: `Not Found: this mock keeps state for ${stateful} only; start it with fallbackToPrism for the others.`,
    });
  const data = { seed: exportOptions.seed, providers: exportOptions.providers, apiKey: exportOptions.apiKey };
  const routes = [
    createUsersRoute({ ...data, users }),
    createOrdersRoute({ ...data, users, orders }),
    createStepsRoute({ ...data, steps }),
  ] as const;
  const bulkExport = createBulkExportHandler({
    ...exportOptions,
    fallback: fallbackToPrism ? (req, res) => (toPrismMock?.handle ?? notFound)(req, res) : withoutState,
  });
  const backendHandler = createRouter(routes, bulkExport);
  const injector =
    faults &&
    createFaultInjector(validate ? (req, res) => (toPrismProxy?.handle ?? notFound)(req, res) : backendHandler, faults);

  try {
    const backend = await listen(validate ? backendHandler : (injector ?? backendHandler), validate ? 0 : port);
    stops.push(backend.close);
    const [mock, proxy] = await Promise.allSettled([
      fallbackToPrism
        ? startPrism({
            spec,
            mode: "mock",
            dynamic: true,
            seed: exportOptions.seed ?? 1,
            fillProperties: false,
            startTimeoutMs,
          })
        : undefined,
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
      const forwarder = createPrismFallback(mock.value.url);
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
      stats: {
        backend: bulkExport.stats,
        users: routes[0].stats,
        orders: routes[1].stats,
        steps: routes[2].stats,
        faults: injector?.stats,
      },
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
