import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium";
import { type RuledBotApi, startRuledBotApi } from "../support/ruled-bot-api";
import { type RunningServer, startServer, stopAllServers } from "../support/server-process";
import { lastLine, runStaffCli } from "../support/staff-cli";
import { telegramPeople } from "../support/telegram-user";

/**
 * Issue #8's "the console's progress bar moves, and pause and resume work", in Chromium against
 * the real server: Telegram users subscribe with /langganan, then Telegram (the stand-in behind
 * its flood rule) slows to 2 messages a second, so an admin can watch the broadcast go out.
 */
const secret = "uji_konsol_siaran";
const people = 24;
const password = "jaga-suara-rakyat-2026";
let server: RunningServer | undefined;
let browser: Browser | undefined;
let botApi: RuledBotApi;
let setPasswordPath = "";

beforeAll(async () => {
  botApi = await startRuledBotApi({ perSecond: 30, blocked: new Set() });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-console-broadcast-"));
  const added = await runStaffCli(dataDir, [
    "add",
    "--email",
    "siaran@bawaslu.example",
    "--name",
    "Admin Siaran",
    "--role",
    "admin",
  ]);
  expect(added.code, added.stderr).toBe(0);
  const link = new URL(lastLine(added.stdout));
  setPasswordPath = `${link.pathname}${link.search}`;
  [server, browser] = await Promise.all([
    startServer({
      dataDir,
      env: botApi.env(secret),
    }),
    launchChromium(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopAllServers();
  await botApi?.close();
}, 60_000);

const url = (route: string) => `${server?.url}${route}`;
const figures = async (page: Page) => (await page.locator("#progress").getAttribute("value")) ?? "";

describe("a broadcast in the console, in Chromium", () => {
  let page: Page;

  it("has Telegram subscribers of Belitung Timur who subscribed with /langganan", async () => {
    const person = telegramPeople({
      post: (update) =>
        fetch(url("/telegram/webhook"), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": secret,
          },
          body: JSON.stringify(update),
        }),
      arrivals: botApi.arrivals,
    });
    await Promise.all(
      Array.from({ length: people }, async (_, i) => {
        await person(7_400_000_001 + i).subscribe("Belitung Timur");
      }),
    );
  }, 120_000);

  it("composes a broadcast for Belitung Timur and sees the exact recipient count", async () => {
    const context = await browser?.newContext({ locale: "id-ID" });
    if (!context) throw new Error("no browser");
    page = await context.newPage();
    await page.goto(url(setPasswordPath));
    await page.locator("#password").fill(password);
    await page.locator("#confirm").fill(password);
    await page.locator("button[type=submit]", { hasText: "Simpan kata sandi" }).click();
    await page.waitForURL(/\/staff\/login/);
    await page.locator("#email").fill("siaran@bawaslu.example");
    await page.locator("#password").fill(password);
    await page.locator("button[type=submit]", { hasText: "Masuk" }).click();
    await page.waitForURL(url("/staff"));

    await page.goto(url("/staff/broadcasts"));
    await page.locator("#text").fill("Imbauan: tolak politik uang, laporkan lewat chat ini.");
    await page.locator(`input[name=regions][value="19.06"]`).check();
    await page.locator("button[type=submit]", { hasText: "Pratinjau" }).click();
    await expect.poll(() => page.locator("body").textContent()).toContain(`${people} penerima`);
  });

  it("sends it, the progress bar moves, and pause and resume work", async () => {
    // Telegram now takes 2 messages a second: the broadcast needs about 12 s.
    botApi.limit(2);
    await page.locator("button[type=submit]", { hasText: "Kirim" }).click();
    await page.waitForURL(/\/staff\/broadcasts\/[0-9a-f-]{36}/);
    const progress = page.locator("#progress");
    // The queue fans it out to one row per recipient just after: the page shows it on a refresh.
    await expect.poll(() => progress.getAttribute("max"), { timeout: 20_000 }).toBe(String(people));

    // The page refreshes itself every 5 s while sending: the bar moves without a click.
    const first = Number(await figures(page));
    await expect
      .poll(async () => Number(await figures(page)), { timeout: 20_000 })
      .toBeGreaterThan(first);
    expect(Number(await figures(page))).toBeLessThan(people);

    await page.locator("button[type=submit]", { hasText: "Jeda" }).click();
    await expect.poll(() => page.locator("body").textContent()).toContain("Dijeda");
    const paused = await figures(page);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await page.reload();
    // What was in flight when the pause came may still finish; nothing new starts.
    expect(Number(await figures(page)) - Number(paused)).toBeLessThanOrEqual(2);
    const stillPaused = await figures(page);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await page.reload();
    expect(await figures(page)).toBe(stillPaused);

    botApi.limit(30);
    await page.locator("button[type=submit]", { hasText: "Lanjutkan" }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator("body").textContent();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toContain("Selesai");
    expect(await figures(page)).toBe(String(people));
    const got = new Map<number, number>();
    for (const a of botApi.arrivals) {
      if (a.status === 200 && a.text.startsWith("Imbauan: tolak politik uang")) {
        got.set(a.chatId, (got.get(a.chatId) ?? 0) + 1);
      }
    }
    expect(got.size).toBe(people);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
