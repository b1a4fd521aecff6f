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
}

/** The registry the user's npm installs from (read, never printed). */
export async function upstreamRegistry(cwd: string): Promise<string> {
  const { stdout, code } = await exec("npm", ["config", "get", "registry"], { cwd });
  const url = stdout.trim();
  if (code !== 0 || !/^https?:\/\//.test(url)) throw new Error("`npm config get registry` gave no registry URL");
  return url;
}

export async function startRegistry(dir: string, upstream: string): Promise<LocalRegistry> {
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
      `    url: ${JSON.stringify(upstream)}`,
      "    timeout: 60s",
      "packages:",
      "  '@junction/*':",
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "    proxy: upstream",
      "log: { type: stdout, format: pretty, level: error }",
      "publish:",
      "  allow_offline: true",
      "",
    ].join("\n"),
  );
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve("verdaccio/package.json"), "..", "bin", "verdaccio");
  const child = start(process.execPath, [bin, "--config", config, "--listen", `127.0.0.1:${port}`], { cwd: dir });
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
  return { url, npmrc };
}
