import type { Environment, paginated, paths } from "@junction/openapi-types";
import createClient, { createQuerySerializer, type Middleware } from "openapi-fetch";
import { resolveApiKey } from "./auth.js";
import { createDirectCall, isDirect } from "./direct.js";
import { resolveTarget } from "./environments.js";
import { responseRequests } from "./errors.js";
import { createLog, logLevels } from "./logger.js";
import type { JunctionMethods } from "./method-types.js";
import { checkHeaderNames, checkNumber, checkOneOf, checkOperations } from "./option-checks.js";
import { defaults, type JunctionClientOptions } from "./options.js";
import { paginate } from "./paginate.js";
import type {
  PageBody,
  PageItem,
  PaginatedMethod,
  PaginatedPath,
  PaginateInit,
  PaginateOptions,
  Paginator,
} from "./paginate-types.js";
import { applyRequestRules } from "./request-rules.js";
import { defaultIdempotentOperations, idempotencyTest } from "./retry.js";
import { createTransport, fromRequest, parseAsField, type TransportConfig } from "./transport.js";

/**
 * An openapi-fetch client typed with the Junction API's `paths` (`client.POST(path, { body })` resolves to
 * `{ data, error, response }`), whose transport adds the API key, timeouts and retries. Unlike openapi-fetch's
 * own `Client<paths>`, a misspelled or unknown field in `body`, `params` or the init is a type error.
 */
export type JunctionClient = JunctionMethods & {
  /** Base URL requests go to, without a trailing slash. */
  readonly baseUrl: string;
  /** The environment chosen, or `undefined` when `baseUrl` was given. */
  readonly environment: Environment | undefined;
  /**
   * Walks every page of a paginated operation (only those compile), whichever way it pages (a body
   * token, a cursor, page numbers or offsets): async-iterable over items, with `.pages()`,
   * `.toArray()` and a resumable `checkpoint`. See {@link paginate}.
   *
   * @example
   * for await (const user of client.paginate("GET", "/v2/user", {})) {}
   * for await (const order of client.paginate("GET", "/v3/orders", { params: { query: { size: 100 } } })) {}
   */
  paginate<M extends PaginatedMethod<typeof paginated>, P extends PaginatedPath<M, typeof paginated>>(
    method: M,
    path: P,
    init: PaginateInit<paths, M, P>,
    options?: PaginateOptions,
  ): Paginator<PageItem<paths, typeof paginated, M, P>, PageBody<paths, M, P>>;
  /** What `JSON.stringify(client)` shows: never the API key. */
  toJSON(): { baseUrl: string; environment: Environment | undefined };
};

const inspect = Symbol.for("nodejs.util.inspect.custom");
const defaultQuerySerializer = createQuerySerializer();

/**
 * Creates a client of the Junction API.
 *
 * @example
 * const client = createJunctionClient({ environment: "sandbox" }); // key from JUNCTION_API_KEY
 * const page = await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura" } }));
 *
 * @throws {JunctionConfigError} when the API key is missing or an option is invalid (the message says how to fix it).
 */
export function createJunctionClient(options: JunctionClientOptions = {}): JunctionClient {
  const target = resolveTarget(options);
  const apiKey = resolveApiKey(options.apiKey);
  const config: TransportConfig = {
    ...defaults,
    baseUrl: target.baseUrl,
    origin: target.origin,
    apiKey,
    mask: [apiKey],
    credentialHeaders: checkHeaderNames(options.credentialHeaders ?? []),
    fetch: options.fetch,
    retryNonIdempotent: checkOneOf("retryNonIdempotent", options.retryNonIdempotent, ["safe", "never", "always"]),
    isIdempotent: idempotencyTest(checkOperations(options.idempotentOperations ?? defaultIdempotentOperations)),
    log: createLog(
      options.logger,
      checkOneOf("logLevel", options.logLevel ?? (options.logger ? "info" : "off"), logLevels),
      apiKey,
    ),
  };
  for (const name of Object.keys(defaults) as (keyof typeof defaults)[]) {
    config[name] = checkNumber(name, options[name], name === "maxRetries") ?? defaults[name];
  }

  const send = createTransport(config);
  // openapi-fetch builds its default serializer on every call unless given a function.
  const querySerializer = options.querySerializer ?? defaultQuerySerializer;
  const client = createClient<paths>({
    baseUrl: target.baseUrl,
    fetch: fromRequest(send),
    headers: options.headers,
    querySerializer,
    bodySerializer: options.bodySerializer,
    pathSerializer: options.pathSerializer,
  });
  const direct = createDirectCall(
    {
      baseUrl: target.baseUrl,
      headers: options.headers,
      querySerializer: typeof querySerializer === "function" ? querySerializer : createQuerySerializer(querySerializer),
      plainQuery: typeof options.querySerializer !== "function",
      pathSerializer: options.pathSerializer,
    },
    send,
  );

  // Calls that no middleware sees, with nothing but params, body, headers, parseAs, signal and the
  // client's own options, take the direct path (see direct.ts); all others go through openapi-fetch.
  const middlewares: Middleware[] = [];
  const { use, eject } = client;
  client.use = (...added) => {
    use(...added);
    for (const m of added) if (m) middlewares.push(m);
  };
  client.eject = (...removed) => {
    eject(...removed);
    for (const m of removed) {
      const i = middlewares.indexOf(m);
      if (i !== -1) middlewares.splice(i, 1);
    }
  };
  const goesDirect = (init: Record<string, unknown> | undefined) =>
    middlewares.length === 0 && !options.bodySerializer && isDirect(init);

  // A per-call `fetch` becomes the transport's platform fetch (called with a Request, as openapi-fetch
  // types it), beneath key, retries and timeouts.
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's init, passed through.
  const perCall = (init: any) =>
    init?.fetch
      ? {
          ...init,
          fetch: fromRequest(
            createTransport({ ...config, fetch: (url, requestInit) => init.fetch(new Request(url, requestInit)) }),
          ),
        }
      : init;
  // Through openapi-fetch, `parseAs` goes down to the transport under another name (openapi-fetch keeps its
  // own), and a failed result is named and masked even when a middleware replaced its response.
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const viaOpenapiFetch = async (method: string, url: string, init: any) => {
    const result = (await request(method, url, perCall({ ...init, [parseAsField]: init?.parseAs ?? "json" }))) as {
      response: Response;
    };
    const { response } = result;
    if (!response.ok && !responseRequests.has(response))
      responseRequests.set(response, { method, path: url, mask: config.mask });
    return result;
  };
  // openapi-fetch's `GET(url, init)` is its `request("GET", url, init)`: one dispatcher serves every method.
  const methods = client as unknown as Record<string, (a: unknown, b: unknown, c?: unknown) => Promise<unknown>>;
  const request = methods.request as (method: string, url: unknown, init: unknown) => Promise<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const dispatch = (method: string, url: unknown, raw: any) => {
    let init: typeof raw;
    try {
      init = applyRequestRules(method, url as string, raw);
    } catch (error) {
      return Promise.reject(error);
    }
    return goesDirect(init) ? direct(method, url as string, init) : viaOpenapiFetch(method, url as string, init);
  };
  for (const name of ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]) {
    methods[name] = (url, init) => dispatch(name, url, init);
  }
  methods.request = (method, url, init) => dispatch((method as string).toUpperCase(), url, init);

  const summary = () => ({ baseUrl: target.baseUrl, environment: target.environment });
  // The methods' types are openapi-fetch's with strict inits (method-types.ts); the functions are the dispatcher above.
  return Object.assign(client as unknown as JunctionMethods, {
    baseUrl: target.baseUrl,
    environment: target.environment,
    paginate: ((method, path, init, options) =>
      paginate(client, method, path, init, options)) as JunctionClient["paginate"],
    toJSON: summary,
    [inspect]: () => `JunctionClient ${JSON.stringify(summary())}`,
  });
}
