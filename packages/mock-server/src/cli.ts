/**
 * Starts the stateful Junction mock and prints its URL on stdout (details on stderr) until Ctrl-C.
 *   tsx src/cli.ts --connections 5000 --page-size 100 --users 250 --port 4010
 */
import { parseArgs } from "node:util";
import { apiKeyHeader } from "@junction/openapi-types";
import { type FaultKind, type FaultOptions, faultKinds } from "./faults.js";
import { type MockServerOptions, startMockServer } from "./server.js";

const usage = `Usage: tsx src/cli.ts [options]

Data
  --connections N            connections of the bulk export (default 2000)
  --users N                  users of GET /v2/user (default 1000)
  --orders N                 orders of GET /v3/orders (default 500)
  --providers LIST           provider mix: "fitbit,garmin" (equal shares) or "fitbit:3,garmin:1"
                             (default fitbit:35,garmin:25,oura:20,withings:10,whoop_v2:6,polar:4)
  --seed N                   generator seed; the same seed gives the same data (default 1)
Paging
  --page-size N              connections per bulk export page (default 100)
  --empty-page-every N       every N-th bulk export page is empty but has a next_token (default: never)
  --users-page-size N        users per page when a request gives no limit (default 100)
  --users-max-page-size N    users per page at most, whatever the limit (default 500)
  --orders-page-size N       orders per page when a request gives no size (default 50)
  --orders-max-page-size N   orders per page at most, whatever the size (default 100)
  --steps-page-size N        groups per page of the grouped steps timeseries (default 30)
Server
  --port N                   port of the outermost server (default: a free port)
  --api-key KEY              accept only this ${apiKeyHeader} (default: any non-empty key)
  --spec PATH                OpenAPI document (default: the repository's openapi/junction.yaml)
  --no-validate              no Prism validating proxy in front (faster, nothing checked against the spec)
  --no-fallback              no Prism mock (generated bodies) for the operations without state: they get 404
Faults
  --fault-rate R             share of requests, 0 to 1, that get a fault (default 0)
  --fault-kinds LIST         comma-separated: ${faultKinds.join(",")} (default 500,502,503,429,reset)
  --fail-first N             the first N requests all get a fault (default 0)
  --fault-seed N             seed of the fault decisions (default 1)
  --retry-after-ms N         wait asked for by injected 429s (default 1000)
  --delay-ms N               how long a delay fault holds a request (default 1000)
`;

/** A mistake on the command line: reported with the usage text. */
class UsageError extends Error {}

/** The value of `--name` as a number, or `undefined` when absent; exits with a message when it is not a number. */
function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value)) {
    throw new UsageError(`--${name} must be a number, got "${raw}".`);
  }
  return value;
}

function parseProviders(list: string): MockServerOptions["providers"] {
  const items = list.split(",").map((item) => item.trim());
  if (items.every((item) => !item.includes(":"))) return items;
  return Object.fromEntries(
    items.map((item) => {
      const [name = "", weight = ""] = item.split(":");
      if (name === "" || weight === "" || !Number.isFinite(Number(weight))) {
        throw new UsageError(`--providers: "${item}" is not NAME:WEIGHT, e.g. fitbit:3.`);
      }
      return [name, Number(weight)];
    }),
  );
}

function optionsFrom(argv: string[]): MockServerOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      connections: { type: "string" },
      providers: { type: "string" },
      seed: { type: "string" },
      "page-size": { type: "string" },
      "empty-page-every": { type: "string" },
      users: { type: "string" },
      "users-page-size": { type: "string" },
      "users-max-page-size": { type: "string" },
      orders: { type: "string" },
      "orders-page-size": { type: "string" },
      "orders-max-page-size": { type: "string" },
      "steps-page-size": { type: "string" },
      port: { type: "string" },
      "api-key": { type: "string" },
      spec: { type: "string" },
      "no-validate": { type: "boolean" },
      "no-fallback": { type: "boolean" },
      "fault-rate": { type: "string" },
      "fault-kinds": { type: "string" },
      "fail-first": { type: "string" },
      "fault-seed": { type: "string" },
      "retry-after-ms": { type: "string" },
      "delay-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const faults: FaultOptions = {
    rate: numberOption(values, "fault-rate"),
    kinds: values["fault-kinds"]?.split(",").map((kind) => kind.trim() as FaultKind),
    failFirst: numberOption(values, "fail-first"),
    seed: numberOption(values, "fault-seed"),
    retryAfterMs: numberOption(values, "retry-after-ms"),
    delayMs: numberOption(values, "delay-ms"),
  };
  return {
    connections: numberOption(values, "connections"),
    providers: values.providers === undefined ? undefined : parseProviders(values.providers),
    seed: numberOption(values, "seed"),
    pageSize: numberOption(values, "page-size"),
    emptyPageEvery: numberOption(values, "empty-page-every"),
    users: {
      count: numberOption(values, "users"),
      pageSize: numberOption(values, "users-page-size"),
      maxPageSize: numberOption(values, "users-max-page-size"),
    },
    orders: {
      count: numberOption(values, "orders"),
      pageSize: numberOption(values, "orders-page-size"),
      maxPageSize: numberOption(values, "orders-max-page-size"),
    },
    steps: { pageSize: numberOption(values, "steps-page-size") },
    port: numberOption(values, "port"),
    apiKey: values["api-key"],
    spec: values.spec,
    validate: !values["no-validate"],
    fallbackToPrism: !values["no-fallback"],
    faults: Object.values(faults).some((value) => value !== undefined) ? faults : undefined,
  };
}

async function main(): Promise<void> {
  let options: MockServerOptions | undefined;
  try {
    options = optionsFrom(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    process.stdout.write(usage);
    return;
  }
  const server = await startMockServer(options);
  process.stdout.write(`${server.url}\n`);
  const parts = Object.entries(server.endpoints)
    .filter(([, url]) => url !== undefined)
    .map(([part, url]) => `${part} ${url}`);
  process.stderr.write(`Junction mock ready (${parts.join(", ")}). Ctrl-C stops it.\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
