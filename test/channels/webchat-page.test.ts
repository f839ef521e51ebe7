import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  renderWebchatPage,
  serializeForScript,
  UI_TEXT_PLACEHOLDER,
} from "../../src/channels/webchat/page.js";

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), "utf8");

const template = read("../../src/channels/webchat/page.html");
const id = JSON.parse(read("../../locales/id/webchat.json")) as Record<string, string>;
const en = JSON.parse(read("../../locales/en/webchat.json")) as Record<string, string>;

const MINIMAL = `<p>before</p><script type="application/json" id="ui-text">"${UI_TEXT_PLACEHOLDER}"</script><p>after</p>`;
const BARE = `<script type="application/json" id="ui-text">${UI_TEXT_PLACEHOLDER}</script>`;

/** The JSON between the ui-text script tags of a rendered page. */
function injected(html: string): unknown {
  const match = /<script type="application\/json" id="ui-text">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("ui-text script not found");
  return JSON.parse(match[1]);
}

/** Every locale key the page refers to: `t("key")` calls in the script, data-i18n* attributes. */
function keysUsedByPage(html: string): Set<string> {
  const keys = new Set<string>();
  for (const match of html.matchAll(/\bt\("([^"]+)"/g)) keys.add(match[1] as string);
  for (const match of html.matchAll(/\sdata-i18n(?:-[a-z-]+)?="([^"]+)"/g)) {
    keys.add(match[1] as string);
  }
  return keys;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("renderWebchatPage", () => {
  it("replaces the placeholder with both languages", () => {
    const html = renderWebchatPage(MINIMAL, { id: { a: "Halo" }, en: { a: "Hello" } });
    expect(html).not.toContain(UI_TEXT_PLACEHOLDER);
    expect(html.startsWith("<p>before</p>")).toBe(true);
    expect(html.endsWith("</script><p>after</p>")).toBe(true);
    expect(injected(html)).toEqual({ id: { a: "Halo" }, en: { a: "Hello" } });
  });

  it("also accepts an unquoted placeholder", () => {
    const html = renderWebchatPage(BARE, { id: { a: "Halo" }, en: { a: "Hello" } });
    expect(injected(html)).toEqual({ id: { a: "Halo" }, en: { a: "Hello" } });
  });

  it("keeps hostile strings inside the JSON script element", () => {
    const hostile = "</script><script>alert(1)</script>";
    const texts = {
      id: { a: hostile, b: "<!-- <script>", c: "x\u2028y\u2029z", d: "a & b > c" },
      en: { a: "</SCRIPT >", b: "ok" },
    };
    const html = renderWebchatPage(MINIMAL, texts);
    // Only the template's own closing tag survives; nothing can open a new element or comment.
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<!--");
    expect(html).not.toMatch(/[\u2028\u2029]/);
    expect(injected(html)).toEqual(texts);
  });

  it("inserts `$` sequences literally", () => {
    const texts = { id: { a: "$& $' $` $$ $1" }, en: { a: "$<name>" } };
    expect(injected(renderWebchatPage(MINIMAL, texts))).toEqual(texts);
  });

  it("only serializes the two languages", () => {
    const texts = { id: { a: "1" }, en: { a: "2" }, extra: { secret: "x" } };
    expect(injected(renderWebchatPage(MINIMAL, texts))).toEqual({ id: { a: "1" }, en: { a: "2" } });
  });

  it("rejects a template without exactly one placeholder", () => {
    const texts = { id: {}, en: {} };
    expect(() => renderWebchatPage("<p>no slot</p>", texts)).toThrow(UI_TEXT_PLACEHOLDER);
    expect(() => renderWebchatPage(MINIMAL + MINIMAL, texts)).toThrow(UI_TEXT_PLACEHOLDER);
  });

  it("renders the real page with the real locale files", () => {
    const html = renderWebchatPage(template, { id, en });
    expect(html).not.toContain(UI_TEXT_PLACEHOLDER);
    expect(injected(html)).toEqual({ id, en });
  });
});

describe("serializeForScript", () => {
  it("escapes <, >, &, U+2028 and U+2029 as JSON unicode escapes", () => {
    expect(serializeForScript("<>&\u2028\u2029")).toBe('"\\u003c\\u003e\\u0026\\u2028\\u2029"');
  });
});

describe("page.html and its locale files", () => {
  it("has the placeholder once, inside the ui-text JSON script", () => {
    expect(template.split(UI_TEXT_PLACEHOLDER)).toHaveLength(2);
    expect(template).toContain(
      `<script type="application/json" id="ui-text">"${UI_TEXT_PLACEHOLDER}"</script>`,
    );
  });

  it("uses exactly the keys of both locale files, which match each other", () => {
    const used = [...keysUsedByPage(template)].sort();
    expect(used.length).toBeGreaterThan(10);
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    expect(used).toEqual(Object.keys(id).sort());
  });

  it("has a non-empty translation with the same placeholders for every key", () => {
    for (const [key, source] of Object.entries(id)) {
      const translated = en[key];
      expect(typeof source === "string" && source.trim() !== "", key).toBe(true);
      expect(typeof translated === "string" && translated.trim() !== "", key).toBe(true);
      expect(placeholders(translated as string), key).toEqual(placeholders(source));
    }
  });

  it("loads nothing from the network and never writes HTML from strings", () => {
    expect(template).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(template).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
    expect(template).not.toMatch(/<script[^>]*\ssrc=|<link\b|<iframe\b/i);
    expect(template).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("keeps the conversation id out of URLs", () => {
    // It travels in the JSON body or the X-Conversation-Id header only.
    expect(template).not.toMatch(/[?&]conversationId=|\/chat\/[^"'`]*\$\{conversationId\}/);
    expect(template).toContain('headers["X-Conversation-Id"] = conversationId');
  });
});
