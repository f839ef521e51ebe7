import { describe, expect, it } from "vitest";
import { InvalidInboundError } from "../../src/channels/types";
import { createWebchatAdapter } from "../../src/channels/webchat/adapter";
import choice from "../fixtures/webchat/choice.json";
import invalid from "../fixtures/webchat/invalid.json";
import text from "../fixtures/webchat/text.json";
import { runChannelContract } from "./contract";

runChannelContract("webchat", () => ({
  adapter: createWebchatAdapter(),
  fixtures: { text, choice, invalid, address: text.conversationId },
}));

describe("webchat adapter", () => {
  const adapter = createWebchatAdapter();
  const at = new Date();

  it("refuses text longer than 4000 characters with a reason people can read", () => {
    try {
      adapter.normalizeInbound({ conversationId: text.conversationId, text: "x".repeat(4001) }, at);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInboundError);
      expect((error as InvalidInboundError).reason).toBe("errors:text_too_long");
    }
  });

  it("gives each message without a client id a fresh external id", () => {
    const payload = { conversationId: text.conversationId, text: "halo" };
    const [a] = adapter.normalizeInbound(payload, at);
    const [b] = adapter.normalizeInbound(payload, at);
    expect(a?.externalId).not.toBe(b?.externalId);
  });

  it("prefers the choice when a payload carries both a choice and text", () => {
    const [message] = adapter.normalizeInbound({ ...text, choice: "help" }, at);
    expect(message?.choice).toBe("help");
    expect(message?.text).toBeUndefined();
  });
});
