/**
 * Smoke test in real headless Chromium: the ESM build (bundled with openapi-fetch and the generated
 * runtime facts into one file, as a browser app would ship it) calls the Prism mock across origins.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const executablePath = "/usr/bin/chromium";
const missing = !existsSync(executablePath);
const required = Boolean(process.env.CI);
const skipReason = `${executablePath} not found (install it with: apt-get update && apt-get install -y chromium); set CI=1 to make this a failure`;

describe.skipIf(missing && !required)(
  missing ? `browser smoke test — SKIPPED: ${skipReason}` : "browser smoke test",
  () => {
    let outDir: string;
    let server: Server;
    let pageUrl: string;
    let browser: Browser;

    beforeAll(async () => {
      if (missing) throw new Error(`CI is set but ${skipReason}`);
      outDir = mkdtempSync(join(tmpdir(), "junction-client-browser-"));
      await build({
        config: false,
        entry: { client: fileURLToPath(new URL("../src/index.ts", import.meta.url)) },
        outDir,
        format: ["esm"],
        platform: "browser",
        target: "es2022",
        noExternal: [/.*/],
        dts: false,
        silent: true,
      });
      // The page's own script: plain text, so it runs in the browser exactly as written.
      const app = `
      import { createJunctionClient, unwrap, ValidationError } from "./client.js";
      const prismUrl = new URL(location.href).searchParams.get("api");
      const out = { hasProcess: typeof globalThis.process };
      try {
        createJunctionClient({ baseUrl: prismUrl });
      } catch (error) {
        out.missingKey = error.message;
      }
      try {
        const client = createJunctionClient({ apiKey: "browser-test-key", baseUrl: prismUrl, timeoutMs: 10000 });
        const data = await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura" } }));
        out.count = data.data.length;
        out.firstUserId = typeof data.data[0]?.user_id;
        const failure = await unwrap(client.POST("/v2/link/bulk_export", { body: {} })).catch((e) => e);
        out.invalid = [failure instanceof ValidationError, failure.status];
      } catch (error) {
        out.error = String(error);
      }
      window.__result = out;
    `;
      const files: Record<string, [string, string]> = {
        "/": [
          "text/html",
          '<!doctype html><meta charset="utf-8"><title>smoke</title><script type="module" src="/app.js"></script>',
        ],
        "/app.js": ["text/javascript", app],
        "/client.js": ["text/javascript", readFileSync(join(outDir, "client.js"), "utf8")],
      };
      server = createServer((req, res) => {
        const file = files[new URL(req.url ?? "/", "http://x").pathname];
        if (!file) return void res.writeHead(404).end();
        res.writeHead(200, { "content-type": file[0] }).end(file[1]);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      browser = await chromium.launch({
        executablePath,
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
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    });

    it("the ESM build has no Node-only imports and calls the API from a page", async () => {
      const bundle = readFileSync(join(outDir, "client.js"), "utf8");
      expect(bundle).not.toMatch(/from\s*["']node:/);
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(`${pageUrl}?api=${encodeURIComponent(inject("prismUrl"))}`);
      await page.waitForFunction(() => "__result" in window, undefined, { timeout: 20_000 });
      const result = (await page.evaluate("window.__result")) as Record<string, unknown>;
      expect(pageErrors).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.hasProcess).toBe("undefined");
      expect(result.missingKey).toMatch(/JUNCTION_API_KEY/);
      expect(result.count).toBeGreaterThan(0);
      expect(result.firstUserId).toBe("string");
      expect(result.invalid).toEqual([true, 422]);
    });
  },
);
