import { describe, expect, it } from "vitest";
import { renderWhatsApp } from "../../src/channels/whatsapp/render";
import { resources } from "../../src/i18n/resources";
import { createTranslator } from "../../src/i18n/translator";

const translator = createTranslator(resources);
const hint = (language: "id" | "en", count: number) =>
  translator.text(language, { key: "whatsapp:choose_hint", params: { max: String(count) } });

describe("WhatsApp rendering", () => {
  it("turns choices into a numbered list with a hint in the message's language", () => {
    const text = renderWhatsApp(
      {
        text: "Apa yang ingin Anda lakukan?",
        language: "id",
        choices: [
          { id: "report", label: "Laporkan pelanggaran" },
          { id: "status", label: "Cek status laporan" },
        ],
      },
      hint,
    );
    expect(text).toBe(
      "Apa yang ingin Anda lakukan?\n\n1. Laporkan pelanggaran\n2. Cek status laporan\n\n_Balas dengan angka 1–2._",
    );
    const english = renderWhatsApp(
      { text: "Pick:", language: "en", choices: [{ id: "a", label: "A" }] },
      hint,
    );
    expect(english).toContain("_Reply with a number from 1 to 1._");
  });

  it("leaves a message without choices as it is", () => {
    expect(renderWhatsApp({ text: "Halo" }, hint)).toBe("Halo");
  });
});
