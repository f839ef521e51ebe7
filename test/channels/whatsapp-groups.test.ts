import type { WAMessageKey } from "baileys";
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/channels/types";
import { readGroupCommand } from "../../src/channels/whatsapp/group-command";
import { createGroupResponder } from "../../src/channels/whatsapp/group-responder";
import { loadConfig } from "../../src/config";
import { fixedClock, silentLog, translator } from "../support/conductor-harness";

const group = "120363012345678901@g.us";

describe("WhatsApp group commands", () => {
  it("reads lapor and tanya as the first word, with or without a slash or a mention", () => {
    expect(readGroupCommand("lapor")).toEqual({ name: "lapor" });
    expect(readGroupCommand("/LAPOR ada amplop")).toEqual({ name: "lapor" });
    expect(readGroupCommand("@6281100000001 lapor")).toEqual({ name: "lapor" });
    expect(readGroupCommand("tanya: kapan pemilu?")).toEqual({
      name: "tanya",
      question: "kapan pemilu?",
    });
    expect(readGroupCommand("/tanya")).toEqual({ name: "tanya", question: "" });
  });

  it("leaves everything else alone", () => {
    for (const chatter of [
      "laporan sudah masuk",
      "mau lapor",
      "halo",
      "1",
      "tanyakan ke KPU",
      "",
    ]) {
      expect(readGroupCommand(chatter)).toBeUndefined();
    }
  });
});

describe("WHATSAPP_GROUPS", () => {
  it("defaults to no group, and reads comma-separated group JIDs", () => {
    expect(loadConfig({ WHATSAPP_ENABLED: "true" }).whatsapp?.groups).toEqual([]);
    expect(
      loadConfig({
        WHATSAPP_ENABLED: "true",
        WHATSAPP_GROUPS: ` ${group}, 120363000000000002@g.us ,${group}`,
      }).whatsapp?.groups,
    ).toEqual([group, "120363000000000002@g.us"]);
  });

  it("refuses anything that is not a group JID", () => {
    for (const wrong of ["6281234567890@s.whatsapp.net", "120363012345678901", `${group};x`]) {
      expect(() => loadConfig({ WHATSAPP_ENABLED: "true", WHATSAPP_GROUPS: wrong })).toThrow(
        /WHATSAPP_GROUPS/,
      );
    }
  });
});

describe("answering in a WhatsApp group", () => {
  function responder(botNumber: string | undefined) {
    const sent: { to: string; message: OutboundMessage }[] = [];
    const answers = createGroupResponder({
      send: async (to, message) => {
        sent.push({ to, message });
        return { ok: true };
      },
      text: translator.text,
      answerQuestion: () => undefined,
      botNumber: () => botNumber,
      clock,
      log: silentLog,
    });
    return { answers, sent };
  }
  const clock = fixedClock();
  const key = (id: string) => ({ id, remoteJid: group, fromMe: false }) as WAMessageKey;

  it("without the bot's number, tells people how to reach it privately from the group", async () => {
    const { answers, sent } = responder(undefined);
    await answers.answer({
      kind: "group_command",
      group,
      command: { name: "lapor" },
      key: key("A"),
    });
    expect(sent[0]?.to).toBe(group);
    expect(sent[0]?.message.text).toContain("Laporan hanya diterima lewat chat pribadi");
    expect(sent[0]?.message.text).toContain("ketuk nama saya di grup ini");
    expect(sent[0]?.message.text).not.toContain("wa.me");
  });

  it("answers a group at most once per 30 seconds, however often it types lapor", async () => {
    const { answers, sent } = responder("6281100000001");
    const lapor = (id: string) =>
      answers.answer({ kind: "group_command", group, command: { name: "lapor" }, key: key(id) });
    await lapor("C1");
    clock.advance(10_000);
    await lapor("C2");
    await lapor("C3");
    expect(sent).toHaveLength(1);
    clock.advance(20_000);
    await lapor("C4");
    expect(sent).toHaveLength(2);
  });

  it("points an unanswerable tanya to the private chat, and answers a redelivery once", async () => {
    const { answers, sent } = responder("6281100000001");
    const event = {
      kind: "group_command" as const,
      group,
      command: { name: "tanya" as const, question: "siapa yang menang?" },
      key: key("B"),
    };
    await answers.answer(event);
    await answers.answer(event);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message.text).toContain("lebih baik saya jawab lewat chat pribadi");
    expect(sent[0]?.message.text).toContain("https://wa.me/6281100000001");
  });
});
