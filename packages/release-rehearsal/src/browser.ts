/**
 * Runs a bundled browser program in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): a page on its own loopback origin loads the bundle, which calls the mock across
 * origins, and leaves its result in `window.__result`.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import type { ProgramResult } from "./programs.js";

export const chromiumPath = "/usr/bin/chromium";

/** Why Chromium cannot run here, or `undefined` when it can. */
export function chromiumMissing(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `${chromiumPath} not found (install it with: apt-get update && apt-get install -y chromium)`;
}

/** Serves `bundle` as a module script, opens it with `?api=<apiUrl>` and returns what it reported. */
export async function runInChromium(bundle: string, apiUrl: string): Promise<ProgramResult & { pageErrors: string[] }> {
  const files: Record<string, [string, string]> = {
    "/": [
      "text/html",
      '<!doctype html><meta charset="utf-8"><title>consumer</title><script type="module" src="/app.js"></script>',
    ],
    "/app.js": ["text/javascript", bundle],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await page.goto(`${origin}?api=${encodeURIComponent(apiUrl)}`);
    await page.waitForFunction(() => "__result" in window, undefined, { timeout: 30_000 });
    const result = (await page.evaluate("window.__result")) as ProgramResult;
    return { ...result, pageErrors };
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
