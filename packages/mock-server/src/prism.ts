import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The vendored spec of this repository. */
export const defaultSpecPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../../openapi/junction.yaml");

export interface PrismOptions {
  /** OpenAPI document to serve. Default: the repository's `openapi/junction.yaml`. */
  spec?: string;
  /** `mock` answers from the spec; `proxy` forwards to `upstream` and validates both ways. Default `mock`. */
  mode?: "mock" | "proxy";
  /** Server that `proxy` mode forwards to. Required in `proxy` mode. */
  upstream?: string;
  /** Port to listen on. Default: a free port. */
  port?: number;
  /** Turn request/response violations into error responses (Prism's `--errors`). Default `true`. */
  errors?: boolean;
  /** Generate response bodies from the schemas instead of static examples. Default `false`. */
  dynamic?: boolean;
  /** Seed of `dynamic` generation: the same request gets the same body. Default: none (a new body every time). */
  seed?: string | number;
  /**
   * With `dynamic`: whether generated objects also get properties their schema does not name, and maps
   * get made-up keys (Prism's `--json-schema-faker-fillProperties`). Default `true`, as Prism does.
   */
  fillProperties?: boolean;
  /** How long to wait for Prism to answer before giving up. Default 60000. */
  startTimeoutMs?: number;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stops the server and waits until its process has exited. */
  close(): Promise<void>;
}

const prismBin = (): string => {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const bin = require(pkgPath).bin;
  return join(dirname(pkgPath), typeof bin === "string" ? bin : bin.prism);
};

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      ok();
    });
    child.kill("SIGTERM");
  });
}

async function startOnce(options: PrismOptions, port: number): Promise<RunningServer> {
  const mode = options.mode ?? "mock";
  const args = [prismBin(), mode, options.spec ?? defaultSpecPath];
  if (mode === "proxy") {
    if (!options.upstream) throw new Error("startPrism: proxy mode needs `upstream`, the URL to forward requests to.");
    args.splice(3, 0, options.upstream);
  }
  args.push("--host", "127.0.0.1", "--port", String(port), "--errors", String(options.errors ?? true));
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  if (options.fillProperties !== undefined) {
    args.push(`--json-schema-faker-fillProperties=${String(options.fillProperties)}`);
  }

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${port}`;

  const exited = new Promise<never>((_, fail) =>
    child.once("exit", (code, signal) =>
      fail(new Error(`Prism exited before it was ready (code ${code}, signal ${signal}). Its output:\n${output}`)),
    ),
  );
  exited.catch(() => {});
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      // Prism logs this line once every route is mounted.
      if (/Prism is listening/.test(output)) {
        const answered = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
          () => true,
          () => false,
        );
        if (answered) break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Prism did not answer on ${url} within ${options.startTimeoutMs ?? 60_000} ms. Its output:\n${output}`,
        );
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
    }
  } catch (error) {
    await stop(child);
    throw error;
  }
  child.removeAllListeners("exit");
  return { url, close: () => stop(child) };
}

/** Starts Prism (mock or validating proxy) on 127.0.0.1 and resolves once it answers. */
export async function startPrism(options: PrismOptions = {}): Promise<RunningServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(options, port);
    } catch (error) {
      lastError = error;
      // Another process took the port between our probe and Prism's listen: try another.
      if (options.port !== undefined || !/EADDRINUSE/.test(String(error))) break;
    }
  }
  throw lastError;
}
