import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import idCasework from "../../locales/id/casework.json" with { type: "json" };
import { conversationId } from "../support/app-harness";
import { launchChromium } from "../support/chromium";
import { phonePhotoWithGps } from "../support/photos";
import { fileReportOverWebchat, reporterName } from "../support/reports";
import { type RunningServer, startServer, stopAllServers } from "../support/server-process";
import { lastLine, runStaffCli } from "../support/staff-cli";

/**
 * The staff console in a real browser against the real server, as a new officer would meet it:
 * an admin created with the CLI, a report filed in the web chat a minute earlier.
 */
let server: RunningServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let setPasswordPath = "";
let ticket = "";
let conversation = "";
const password = "jaga-suara-rakyat-2026";
const shots = process.env.AWAS_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), "awas-shots-"));

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-console-"));
  const added = await runStaffCli(dataDir, [
    "add",
    "--email",
    "admin@bawaslu.example",
    "--name",
    "Admin Bawaslu Babel",
    "--role",
    "admin",
  ]);
  expect(added.code, added.stderr).toBe(0);
  const link = new URL(lastLine(added.stdout));
  setPasswordPath = `${link.pathname}${link.search}`;
  [server, browser] = await Promise.all([startServer({ dataDir }), launchChromium()]);
  const app = {
    request: (route: string, init?: RequestInit) => fetch(`${server?.url}${route}`, init),
  };
  conversation = conversationId();
  ({ ticket } = await fileReportOverWebchat(app, conversation, undefined, [
    { bytes: await phonePhotoWithGps(), name: "amplop.jpg", type: "image/jpeg" },
  ]));
}, 180_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await stopAllServers();
}, 60_000);

async function open(width: number, height: number): Promise<Page> {
  if (!browser) throw new Error("beforeAll did not finish");
  const context = await browser.newContext({
    locale: "id-ID",
    viewport: { width, height },
    acceptDownloads: true,
  });
  contexts.push(context);
  return context.newPage();
}

const url = (route: string) => `${server?.url}${route}`;

describe("the staff console in Chromium", () => {
  let staffPage: Page;

  it("sets a password from the CLI's one-time link and logs in", async () => {
    staffPage = await open(1366, 900);
    await staffPage.goto(url(setPasswordPath));
    await staffPage.locator("#password").fill(password);
    await staffPage.locator("#confirm").fill(password);
    await staffPage.locator("button[type=submit]", { hasText: "Simpan kata sandi" }).click();
    await staffPage.waitForURL(/\/staff\/login/);
    await staffPage.locator("#email").fill("admin@bawaslu.example");
    await staffPage.locator("#password").fill(password);
    await staffPage.locator("button[type=submit]", { hasText: "Masuk" }).click();
    await staffPage.waitForURL(url("/staff"));
    expect(await staffPage.locator("h1").textContent()).toBe("Antrean laporan");
  });

  it("finds the report filed a minute earlier in the web chat", async () => {
    await staffPage.locator("summary", { hasText: "Saring" }).click();
    await staffPage.locator("#f-ticket").fill(ticket.toLowerCase().replaceAll("-", " "));
    await staffPage.locator("button[type=submit]", { hasText: "Terapkan" }).click();
    const row = staffPage.locator("table.cards tbody tr");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("Politik uang");
    await staffPage.screenshot({ path: path.join(shots, "queue-laptop.png"), fullPage: true });
    await staffPage.locator(`a.ticket`, { hasText: ticket }).click();
    await staffPage.waitForURL(url(`/staff/reports/${ticket}`));
  });

  it("opens its evidence: a preview in the page and the original with its SHA-256", async () => {
    const image = staffPage.locator(".evidence img");
    await expect
      .poll(() =>
        image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await staffPage.locator(".evidence .hash").textContent()).toMatch(/[0-9a-f]{64}/);
    const download = staffPage.waitForEvent("download");
    await staffPage.locator(".evidence a", { hasText: "Unduh asli" }).click();
    const file = await (await download).path();
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(await staffPage.locator("body").textContent()).not.toContain(reporterName);
  });

  it("moves it to dikaji and replies to the reporter", async () => {
    await staffPage.locator("#stage-to").selectOption("dikaji");
    await staffPage.locator("button[type=submit]", { hasText: "Simpan tahap" }).click();
    await staffPage.waitForURL(/saved=1/);
    expect(await staffPage.locator("h1 .badge").first().textContent()).toBe("Sedang dikaji");
    await staffPage
      .locator("#reply-text")
      .fill("Terima kasih. Apakah ada saksi lain yang melihat?");
    await staffPage.locator("button[type=submit]", { hasText: "Kirim balasan" }).click();
    await staffPage.waitForURL(/saved=1/);
    expect(await staffPage.locator(".timeline").textContent()).toContain(
      "Terima kasih. Apakah ada saksi lain yang melihat?",
    );
    await staffPage.screenshot({ path: path.join(shots, "report-laptop.png"), fullPage: true });
  });

  it("exports the queue as CSV", async () => {
    await staffPage.goto(url("/staff"));
    const download = staffPage.waitForEvent("download");
    await staffPage.locator("button", { hasText: "Unduh CSV" }).click();
    const csv = fs.readFileSync(await (await download).path(), "utf8");
    expect(csv).toContain(ticket);
    expect(csv).toContain("dikaji");
    expect(csv).not.toContain(reporterName);
  });

  it("shows the dashboard", async () => {
    await staffPage.goto(url("/staff/dashboard"));
    expect(await staffPage.locator("h1").textContent()).toBe("Dasbor");
    expect(await staffPage.locator("svg[role=img]").count()).toBeGreaterThan(0);
    await staffPage.screenshot({ path: path.join(shots, "dashboard-laptop.png"), fullPage: true });
  });

  it("fits a phone screen without sideways scrolling", async () => {
    const phone = await open(390, 844);
    await phone.context().addCookies(await staffPage.context().cookies());
    for (const [route, name] of [
      ["/staff", "queue"],
      [`/staff/reports/${ticket}`, "report"],
      ["/staff/dashboard", "dashboard"],
    ] as const) {
      await phone.goto(url(route));
      const overflow = await phone.evaluate<number>(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
      );
      expect(overflow, route).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(shots, `${name}-phone.png`), fullPage: true });
    }
  });

  it("shows the stage change and the reply in the reporter's web chat, in Indonesian", async () => {
    const resident = await open(390, 844);
    await resident.addInitScript(
      (id) => localStorage.setItem("awas.conversationId", id),
      conversation,
    );
    await resident.goto(url("/"));
    const bubbles = () => resident.locator("#log .msg.bot .bubble").allTextContents();
    await expect
      .poll(async () => (await bubbles()).join("\n"), { timeout: 20_000 })
      .toContain("Petugas Bawaslu: Terima kasih. Apakah ada saksi lain yang melihat?");
    const texts = (await bubbles()).join("\n");
    expect(texts).toContain(`Kabar dari Bawaslu tentang laporan ${ticket}`);
    expect(texts).toContain("Tahap sekarang: Sedang dikaji.");
    expect(idCasework.officer_reply).toContain("Balas pesan ini");
    expect(texts).toContain("Balas pesan ini untuk menjawab petugas");
  });
});
