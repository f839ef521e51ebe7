import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium, never a downloaded one: `npx playwright install` cannot work here. */
export const chromiumPath = "/usr/bin/chromium";
const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium, failing (never skipping) when it is missing: a skip hides a broken page. */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `The browser tests need Debian's chromium at ${chromiumPath}. Install it with:\n` +
        "  apt-get install -y --no-install-recommends chromium",
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}
