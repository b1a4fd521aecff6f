import { defaultEnvironment, type Environment, environments } from "@junction/openapi-types";
import { JunctionConfigError } from "./errors.js";

/** Where the client sends requests. */
export interface Target {
  /** Base URL without a trailing slash, e.g. `https://api.us.junction.com`. */
  baseUrl: string;
  /** Its origin: the only one that receives the API key. */
  origin: string;
  /** The environment chosen, or `undefined` for an explicit `baseUrl`. */
  environment: Environment | undefined;
}

/**
 * Whether `hostname` (as `URL` spells it) is this machine: 127.0.0.0/8, the bare name `localhost` or
 * `[::1]`. Not `*.localhost`: resolvers may send those names to DNS.
 */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    // URL has already normalized IPv4 literals to dotted decimal.
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/**
 * Resolves `environment` / `baseUrl` into a {@link Target}, as `createJunctionClient` does, refusing an
 * unknown environment and URLs that would expose the key.
 *
 * @throws {JunctionConfigError} with `option` `"environment"` or `"baseUrl"`.
 */
export function resolveTarget(options: {
  environment?: Environment;
  baseUrl?: string;
  allowInsecureHttp?: boolean;
}): Target {
  const name = options.baseUrl === undefined ? (options.environment ?? defaultEnvironment) : undefined;
  if (name !== undefined && !Object.hasOwn(environments, name)) {
    throw new JunctionConfigError(
      "environment",
      `Unknown environment ${JSON.stringify(name)}: use ${Object.keys(environments).join(", ")} or baseUrl.`,
    );
  }
  const baseUrl = name === undefined ? (options.baseUrl as string) : environments[name];
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  if (!/^https?:$/.test(url?.protocol ?? "") || !url || url.username || url.password || url.search || url.hash) {
    // Credentials in the URL are never echoed.
    const shown = String(baseUrl).replace(/\/\/[^/?#]*@/, "//***@");
    throw new JunctionConfigError(
      "baseUrl",
      `baseUrl ${JSON.stringify(shown)} must be an absolute https:// URL without credentials, query or fragment.`,
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname) && !options.allowInsecureHttp) {
    throw new JunctionConfigError(
      "baseUrl",
      `Refusing http://${url.hostname}: the API key would travel unencrypted. Use https://, a loopback host, or allowInsecureHttp: true.`,
    );
  }
  return { baseUrl: (url.origin + url.pathname).replace(/\/+$/, ""), origin: url.origin, environment: name };
}
