import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumLaunchOptions, type ChromiumLaunch } from './chromium';

describe('the browser tests’ Chromium', () => {
  it('is the one at the system path, with the console’s flags only, when that path is an executable file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-chromium-'));
    const system = path.join(dir, 'chromium');
    fs.writeFileSync(system, '#!/bin/sh\n', { mode: 0o755 });
    try {
      expect(await chromiumLaunchOptions(system)).toEqual({ executablePath: system, args: CHROMIUM_ARGS });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is @sparticuz/chromium’s without one, unpacked in the temporary directory, with its flags less those loosening page security', async () => {
    // A bind mount of /dev/null hides Debian's binary in the bare-machine check; it is no executable file.
    const options = await chromiumLaunchOptions('/dev/null');
    expect(options.executablePath).toBe(path.join(os.tmpdir(), 'chromium'));
    // @sparticuz/chromium 147.0.0's args (build/esm/index.js) without --single-process, the
    // --disable-features that turns off site isolation, and the insecure flags; then the console's.
    expect(options.args).toEqual([
      '--ash-no-nudges',
      '--disable-domain-reliability',
      '--disable-print-preview',
      '--disk-cache-size=33554432',
      '--no-default-browser-check',
      '--no-pings',
      '--font-render-hinting=none',
      '--enable-features=SharedArrayBuffer',
      '--ignore-gpu-blocklist',
      '--in-process-gpu',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-setuid-sandbox',
      "--headless='shell'",
      '--no-sandbox',
      '--no-zygote',
      '--disable-gpu',
      '--disable-background-networking',
    ]);
  });

  describe('keeps the same-origin policy', () => {
    // Two origins on loopback: the page's, and another that answers without any CORS header.
    const servers: http.Server[] = [];
    const origins: string[] = [];
    beforeAll(async () => {
      for (const body of ['<title>page</title>', 'secret']) {
        const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        servers.push(server);
        origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      }
    });
    afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

    async function crossOriginRead(options: ChromiumLaunch): Promise<string> {
      const browser = await chromium.launch(options);
      try {
        const page = await browser.newPage();
        await page.goto(origins[0]);
        return await page.evaluate(
          (url) =>
            fetch(url)
              .then((r) => r.text())
              .catch((e: Error) => `refused: ${e.name}`),
          origins[1],
        );
      } finally {
        await browser.close();
      }
    }

    it('in @sparticuz/chromium: a page cannot read another origin that sends no CORS header', async () => {
      expect(await crossOriginRead(await chromiumLaunchOptions('/dev/null'))).toBe('refused: TypeError');
    });

    it('in the Chromium the tests use here: the same', async () => {
      expect(await crossOriginRead(await chromiumLaunchOptions())).toBe('refused: TypeError');
    });
  });
});
