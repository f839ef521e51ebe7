import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resources } from "../../src/i18n/resources";

const root = path.resolve(import.meta.dirname, "../../locales");

function flatKeys(folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder))
    .filter((file) => file.endsWith(".json"))
    .flatMap((file) => {
      const namespace = file.replace(/\.json$/, "");
      const data = JSON.parse(fs.readFileSync(path.join(root, folder, file), "utf8")) as Record<
        string,
        unknown
      >;
      return Object.keys(data).map((key) => `${namespace}:${key}`);
    })
    .sort();
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("locales", () => {
  it("have the same keys in Indonesian and English", () => {
    expect(flatKeys("en")).toEqual(flatKeys("id"));
  });

  it("load every namespace file into the translator", () => {
    const loaded = Object.keys(resources.id)
      .map((ns) => `${ns}.json`)
      .sort();
    const files = fs
      .readdirSync(path.join(root, "id"))
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(loaded).toEqual(files);
  });

  it("use the same placeholders in both languages, and no empty texts", () => {
    for (const [namespace, texts] of Object.entries(resources.id)) {
      for (const [key, text] of Object.entries(texts)) {
        const english = resources.en[namespace]?.[key] ?? "";
        expect(text.trim(), `${namespace}:${key}`).not.toBe("");
        expect(english.trim(), `en ${namespace}:${key}`).not.toBe("");
        expect(placeholders(english), `${namespace}:${key}`).toEqual(placeholders(text));
      }
    }
  });
});
