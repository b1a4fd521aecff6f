/**
 * A throwaway npm registry: Verdaccio on 127.0.0.1, a free port, its storage, config and users in a
 * temporary folder. `@junction/*` lives only here (never proxied, so nothing published elsewhere can
 * stand in for what we published); every other package is proxied from the registry the user's npm is
 * configured with, so consumers install openapi-fetch as they would for real.
 */
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePort } from "@junction/mock-server";
import { exec, start } from "./processes.js";

export interface LocalRegistry {
  /** e.g. `http://127.0.0.1:41234/` */
  url: string;
  /** A user config (`npm_config_userconfig`) with the registry and a publish token. */
  npmrc: string;
  /** What Verdaccio printed (warnings and errors), for a failure message. */
  log(): string;
}

/** How the user's npm reaches its registry (read, never printed): the URL, and a CA file and proxy if set. */
export interface Upstream {
  url: string;
  cafile?: string;
  proxy?: string;
}

export async function upstreamRegistry(cwd: string): Promise<Upstream> {
  const get = async (key: string) => {
    const { stdout, code } = await exec("npm", ["config", "get", key], { cwd });
    const value = stdout.trim();
    return code === 0 && value !== "" && value !== "null" && value !== "undefined" ? value : undefined;
  };
  const [url, cafile, proxy] = await Promise.all([get("registry"), get("cafile"), get("https-proxy")]);
  if (!url || !/^https?:\/\//.test(url)) throw new Error("`npm config get registry` gave no registry URL");
  return { url, cafile, proxy };
}

export async function startRegistry(dir: string, upstream: Upstream): Promise<LocalRegistry> {
  const port = await freePort();
  const config = join(dir, "config.yaml");
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "    max_users: 1",
      "uplinks:",
      "  upstream:",
      `    url: ${JSON.stringify(upstream.url)}`,
      ...(upstream.proxy ? [`    https_proxy: ${JSON.stringify(upstream.proxy)}`] : []),
      "    timeout: 60s",
      // A failed request or two must not take the upstream offline for the rest of the run.
      "    max_fails: 20",
      "    fail_timeout: 1s",
      "packages:",
      "  '@junction/*':",
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "    proxy: upstream",
      "log: { type: stdout, format: pretty, level: warn }",
      "publish:",
      "  allow_offline: true",
      "",
    ].join("\n"),
  );
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve("verdaccio/package.json"), "..", "bin", "verdaccio");
  // Verdaccio trusts what npm trusts: a CA file in the npm config (a company proxy's) applies to it too.
  const env = upstream.cafile ? { ...process.env, NODE_EXTRA_CA_CERTS: upstream.cafile } : process.env;
  const child = start(process.execPath, [bin, "--config", config, "--listen", `127.0.0.1:${port}`], { cwd: dir, env });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const url = `http://127.0.0.1:${port}/`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`Verdaccio did not answer on ${url} within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // The one user, created through the registry API `npm adduser` uses; its token publishes.
  const user = "rehearsal";
  const response = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: user, password: crypto.randomUUID(), type: "user", roles: [] }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!response.ok || !token) throw new Error(`Verdaccio refused to create the publishing user (${response.status})`);
  const npmrc = join(dir, "npmrc");
  await writeFile(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });
  // The log names the upstream registry's host: shown as <upstream>.
  const upstreamHost = new URL(upstream.url).host;
  return { url, npmrc, log: () => output.split(upstreamHost).join("<upstream>") };
}
