/** The client a command talks to the API with, built from its flags, and how its failures are worded. */
import {
  AuthenticationError,
  apiKeyEnvVar,
  createJunctionClient,
  type Environment,
  type JunctionClient,
  JunctionConfigError,
  JunctionError,
  PermissionDeniedError,
  RateLimitError,
  resolveApiKey,
} from "@junction/client";
import { UsageError } from "./exit-codes.js";
import { formatDuration } from "./progress.js";
import { sentence } from "./text.js";

/** The flags that choose the server and the key, shared by every command that sends requests. */
export interface ConnectionArgs {
  /** Named environment; `undefined` with no `baseUrl` means the client's default (`production`). */
  environment?: Environment;
  /** Explicit server instead of an environment. */
  baseUrl?: string;
  /** Key given with `--unsafe-api-key`; otherwise it comes from `JUNCTION_API_KEY`. */
  apiKeyFromFlag?: string;
  /** `--timeout-ms`: the client's `timeoutMs` (default 60000). */
  timeoutMs?: number;
  /** `--max-retries`: the client's `maxRetries` (default 2). */
  maxRetries?: number;
}

/** The flag that sets each client option the CLI passes on. */
const flagOf: Record<string, string> = {
  baseUrl: "--base-url",
  environment: "--environment",
  timeoutMs: "--timeout-ms",
  maxRetries: "--max-retries",
};

/** The API key from --unsafe-api-key or the environment, checked by the client's own rule. */
export function apiKeyFrom(args: ConnectionArgs, env: Record<string, string | undefined>): string {
  try {
    return resolveApiKey(args.apiKeyFromFlag, env);
  } catch (error) {
    if (!(error instanceof JunctionConfigError)) throw error;
    if (!error.missing) throw new UsageError(sentence(error.message));
    const fix = `Set it to your team's API key: export ${apiKeyEnvVar}=<key>`;
    if (args.apiKeyFromFlag !== undefined) {
      throw new UsageError(`No API key: --unsafe-api-key is blank. Give the key, or leave the flag out. ${fix}`);
    }
    const value = env[apiKeyEnvVar];
    const what =
      value === undefined
        ? `${apiKeyEnvVar} is not set`
        : value === ""
          ? `${apiKeyEnvVar} is set but empty`
          : `${apiKeyEnvVar} is set but blank (only spaces)`;
    throw new UsageError(`No API key: ${what}. ${fix}`);
  }
}

/** A client for `args`' server and `apiKey`; a bad --base-url or --environment is a {@link UsageError}. */
export function clientFor(args: ConnectionArgs, apiKey: string): JunctionClient {
  try {
    const { environment, baseUrl, timeoutMs, maxRetries } = args;
    return createJunctionClient({ apiKey, environment, baseUrl, timeoutMs, maxRetries });
  } catch (error) {
    if (!(error instanceof JunctionError)) throw error;
    // The client's messages name its options; say which flag was wrong instead.
    const flag = error instanceof JunctionConfigError ? flagOf[error.option] : undefined;
    const message = sentence(error.message.replace("allowInsecureHttp: true", "an https:// URL"));
    throw new UsageError(flag ? `${flag}: ${message}` : message);
  }
}

/** A sentence that explains an API failure and what to do about it. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException).code === "EPIPE") return "stdout was closed by the reader (EPIPE).";
  if (error instanceof AuthenticationError) return `${sentence(message)} Check ${apiKeyEnvVar} and the environment.`;
  if (error instanceof PermissionDeniedError) {
    return `${sentence(message)} The key is not allowed to do this here (a sandbox key on production?).`;
  }
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
    return `${sentence(message)} The API asked to wait ${formatDuration(error.retryAfterMs)}.`;
  }
  return sentence(message);
}
