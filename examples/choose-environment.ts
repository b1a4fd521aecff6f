/**
 * Choosing where requests go: a named environment (the spec's servers), or an explicit `baseUrl` such as
 * a local mock. A bad name fails at once with a message listing the valid ones.
 *
 *   pnpm exec tsx choose-environment.ts sandbox-eu
 */
import { pathToFileURL } from "node:url";
import { createJunctionClient, type Environment, JunctionError } from "@junction/client";
import { environments } from "@junction/openapi-types";

/** Options of {@link main}. */
export interface ChooseEnvironmentOptions {
  /** One of `production`, `production-eu`, `sandbox`, `sandbox-eu`. Default `"production"`. */
  environment?: string;
  /** An explicit server instead of an environment, e.g. a local mock. */
  baseUrl?: string;
  /** Default: `JUNCTION_API_KEY`. */
  apiKey?: string;
  /** Make one request to show the server answers. Default `false`. */
  call?: boolean;
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** Where the client would send requests, and (with `call`) how many connections the first page held. */
export interface ChooseEnvironmentResult {
  baseUrl: string;
  environment: Environment | undefined;
  connections?: number;
}

/** Creates a client for the chosen server and reports where it points. Throws `JunctionError` for a bad choice. */
export async function main(options: ChooseEnvironmentOptions = {}): Promise<ChooseEnvironmentResult> {
  const { log = console.log } = options;
  log(
    `Environments: ${Object.entries(environments)
      .map(([name, url]) => `${name} (${url})`)
      .join(", ")}.`,
  );
  const junction = createJunctionClient({
    apiKey: options.apiKey,
    // A string from the command line: the client checks it and names the valid environments if it is wrong.
    environment: options.environment as Environment | undefined,
    baseUrl: options.baseUrl,
  });
  log(`Requests go to ${junction.baseUrl}${junction.environment ? ` (${junction.environment})` : ""}.`);
  if (!options.call) return { baseUrl: junction.baseUrl, environment: junction.environment };
  const { data, error } = await junction.POST("/v2/link/bulk_export", { body: { provider: "fitbit" } });
  if (error !== undefined || !data)
    throw new JunctionError(`The server at ${junction.baseUrl} did not answer the export.`);
  log(`It answered with ${data.data.length} connections on the first page.`);
  return { baseUrl: junction.baseUrl, environment: junction.environment, connections: data.data.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main({ environment: process.argv[2] });
  } catch (error) {
    if (!(error instanceof JunctionError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  }
}
