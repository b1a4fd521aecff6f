import { JunctionConfigError } from "./errors.js";

/** The environment variable read when no `apiKey` option is given. */
export const apiKeyEnvVar = "JUNCTION_API_KEY";

function readEnv(name: string): string | undefined {
  try {
    // Guarded: browsers have no `process`; Deno may deny env access.
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}

/**
 * The API key from `apiKey`, else from the {@link apiKeyEnvVar} variable of `env` (default: `process.env`,
 * where the runtime has one), checked as `createJunctionClient` checks it. Errors never include the key.
 *
 * @throws {JunctionConfigError} with `option` `"apiKey"`; `missing` when there is no key or it is blank.
 */
export function resolveApiKey(apiKey: string | undefined, env?: Record<string, string | undefined>): string {
  const key = apiKey ?? (env ? env[apiKeyEnvVar] : readEnv(apiKeyEnvVar));
  if (typeof key !== "string" || key.trim() === "") {
    const what = apiKey === undefined ? "No Junction API key was found" : "The Junction API key is empty";
    throw new JunctionConfigError(
      "apiKey",
      `${what}: pass createJunctionClient({ apiKey }) or set the ${apiKeyEnvVar} environment variable.`,
      true,
    );
  }
  // Header values must be visible ASCII; the platform's own error would quote the value, i.e. the key.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new JunctionConfigError(
      "apiKey",
      "The Junction API key has spaces, line breaks or non-ASCII characters (a trailing newline?): trim it.",
    );
  }
  return key;
}

/** Whether `url` is on `origin` (the configured base URL's origin), the only place the key is sent. */
export function isOnOrigin(url: string, origin: string): boolean {
  if (!url.startsWith(origin)) return false;
  const next = url.charCodeAt(origin.length);
  // "/" "?" "#" or the end: "https://api.example.com.evil.test" must not match.
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35;
}
