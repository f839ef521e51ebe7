import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium";
import { type RunningServer, startServer, stopAllServers } from "../support/server-process";

/** The web chat page in a real browser against the real server process (embedded database). */
let server: RunningServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
}, 120_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await stopAllServers();
}, 60_000);

async function openChat(): Promise<Page> {
  if (!browser || !server) throw new Error("beforeAll did not finish");
  // Indonesian browser settings, as most visitors have; each context has its own localStorage.
  const context = await browser.newContext({ locale: "id-ID" });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server.url);
  return page;
}

const botTexts = (page: Page) => page.locator("#log .msg.bot .bubble").allTextContents();
const userTexts = (page: Page) => page.locator("#log .msg.user .bubble").allTextContents();
/** Only the newest bot message's buttons are enabled; older ones are history. */
const activeChoices = (page: Page) =>
  page.locator("#log .choice:not([disabled])").allTextContents();
const storedConversationId = (page: Page) =>
  page.evaluate(() => localStorage.getItem("awas.conversationId"));

async function waitForLastBotText(page: Page, text: string) {
  await expect
    .poll(async () => (await botTexts(page)).at(-1) ?? "", { timeout: 20_000 })
    .toContain(text);
}

async function waitForMenu(page: Page, prompt: string, labels: string[]) {
  await waitForLastBotText(page, prompt);
  await expect.poll(() => activeChoices(page), { timeout: 20_000 }).toEqual(labels);
}

const indonesianMenu = [
  "Laporkan pelanggaran",
  "Cek status laporan",
  "Cara memakai",
  "Privasi data",
  "Bahasa / Language",
  "Info pemilu & tanya jawab",
  "Langganan imbauan",
];
const englishMenu = [
  "Report a violation",
  "Check a report's status",
  "How to use",
  "Data privacy",
  "Bahasa / Language",
  "Election info & questions",
  "Subscribe to advisories",
];

async function switchToEnglish(page: Page) {
  await waitForMenu(
    page,
    "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
    indonesianMenu,
  );
  await page.locator("#log .choice:not([disabled])", { hasText: "Bahasa / Language" }).click();
  await waitForMenu(page, "Pilih bahasa / Choose a language:", ["Bahasa Indonesia", "English"]);
  await page.locator("#log .choice:not([disabled])", { hasText: "English" }).click();
  await waitForMenu(
    page,
    "What would you like to do? You can also just type a question about elections.",
    englishMenu,
  );
}

describe("the web chat page in Chromium", () => {
  it("greets a new visitor in Indonesian with the menu as buttons", async () => {
    const page = await openChat();
    await waitForMenu(
      page,
      "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
      indonesianMenu,
    );
    expect(await page.getAttribute("html", "lang")).toBe("id");
    expect(await page.locator("#send").textContent()).toBe("Kirim");
    // The page asks for the menu silently: no "menu" bubble from the visitor.
    expect(await userTexts(page)).toEqual([]);
    expect(await storedConversationId(page)).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    // *Awas* in the chat text shows as bold, without its asterisks.
    expect(await page.locator("#log .msg.bot strong").first().textContent()).toBe("Awas");
  });

  it("switches to English after clicking Bahasa / Language, then English", async () => {
    const page = await openChat();
    await switchToEnglish(page);
    const bots = await botTexts(page);
    expect(bots.some((text) => text.includes("Language: English"))).toBe(true);
    expect((await userTexts(page)).map((text) => text.trim())).toEqual([
      "Anda: Bahasa / Language",
      "Anda: English",
    ]);
    // The answered menus keep their buttons as history, disabled.
    expect(await page.locator("#log .choice[disabled]").count()).toBe(9);
  });

  it("sends typed text on Enter, showing the visitor's bubble and the English menu", async () => {
    const page = await openChat();
    await switchToEnglish(page);
    const botsBefore = (await botTexts(page)).length;
    await page.locator("#text").fill("menu");
    await page.locator("#text").press("Enter");
    // The page's own labels follow the conversation into English.
    await expect.poll(() => userTexts(page)).toContain("You: menu");
    expect(await page.locator("#send").textContent()).toBe("Send");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await expect.poll(async () => (await botTexts(page)).length).toBe(botsBefore + 1);
    await waitForMenu(
      page,
      "What would you like to do? You can also just type a question about elections.",
      englishMenu,
    );
    expect(await page.locator("#text").inputValue()).toBe("");
  });

  it("keeps the conversation after a reload, without greeting again", async () => {
    const page = await openChat();
    await switchToEnglish(page);
    const id = await storedConversationId(page);
    const before = await botTexts(page);

    await page.reload();
    await page.locator('#log[aria-busy="false"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => botTexts(page)).toEqual(before);
    // Let the page settle (a greeting would be a POST right after the history load).
    await page.waitForLoadState("networkidle");
    expect(await botTexts(page)).toEqual(before);
    expect(await storedConversationId(page)).toBe(id);
    expect(await activeChoices(page)).toEqual(englishMenu);

    const screenshot = path.join(os.tmpdir(), `awas-webchat-${Date.now()}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`web chat screenshot: ${screenshot}`);
  });

  it("gives a second browser its own conversation without the first one's messages", async () => {
    const first = await openChat();
    await switchToEnglish(first);
    const second = await openChat();
    await waitForMenu(
      second,
      "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
      indonesianMenu,
    );

    expect(await storedConversationId(second)).not.toBe(await storedConversationId(first));
    const secondBots = await botTexts(second);
    // Its own greeting and menu, nothing else.
    expect(secondBots).toHaveLength(2);
    expect(secondBots.join("\n")).not.toContain("Language: English");
    expect(await userTexts(second)).toEqual([]);
    // And the first conversation is untouched by the second greeting.
    await waitForMenu(
      first,
      "What would you like to do? You can also just type a question about elections.",
      englishMenu,
    );
  });

  it("answers a resend after a lost response without running the message twice", async () => {
    const page = await openChat();
    await waitForMenu(
      page,
      "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
      indonesianMenu,
    );
    const sent: string[] = [];
    let dropped = false;
    // The first POST reaches the server and is stored, but its response never arrives.
    await page.route("**/chat/messages", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      sent.push(String(JSON.parse(route.request().postData() ?? "{}").messageId));
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      return route.abort("connectionreset");
    });
    await page.locator("#text").fill("3");
    await page.locator("#text").press("Enter");
    // The page puts the text back once the lost POST fails, after the server stored it: on a
    // loaded machine that takes more than the poll's default second.
    await expect.poll(() => page.locator("#text").inputValue(), { timeout: 20_000 }).toBe("3");
    await page.locator("#text").press("Enter");
    const helpShown = async () =>
      (await botTexts(page)).filter((text) => text.includes("Cara memakai Awas")).length;
    await expect.poll(helpShown, { timeout: 20_000 }).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    // The server answered the resend with the stored replies: the help text came once.
    const history = await fetch(`${server?.url}/chat/messages`, {
      headers: { "x-conversation-id": (await storedConversationId(page)) ?? "" },
    });
    const replies = ((await history.json()) as { replies: { text: string }[] }).replies;
    expect(replies.filter((reply) => reply.text.includes("Cara memakai Awas"))).toHaveLength(1);
  });
});
