import type { proto, WAMessageKey } from "baileys";
import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../../src/channels/types";
import type { WhatsAppConnection } from "../../src/channels/whatsapp/connection";
import { createWhatsAppReceiver } from "../../src/channels/whatsapp/receiver";
import type { Conductor } from "../../src/conversations/conductor";
import { silentLog } from "../support/conductor-harness";

const resident = "6281234567890@s.whatsapp.net";
const text = (id: string, conversation: string) =>
  ({
    key: { id, remoteJid: resident, fromMe: false },
    message: { conversation },
    messageTimestamp: 1_796_600_000,
  }) as proto.IWebMessageInfo;

/** A conductor that fails the first `failures` attempts at each message. */
function flakyConductor(failures: Record<string, number>) {
  const stored: string[] = [];
  const attempts = new Map<string, number>();
  const conductor = {
    async receive(message: InboundMessage) {
      const seen = (attempts.get(message.externalId) ?? 0) + 1;
      attempts.set(message.externalId, seen);
      if (seen <= (failures[message.externalId] ?? 0)) throw new Error("database restarting");
      stored.push(message.text ?? "");
      return { outcome: "handled", replies: [], contactId: "c" };
    },
  } as unknown as Conductor;
  return { conductor, stored };
}

function receiverWith(conductor: Conductor) {
  const read: WAMessageKey[] = [];
  const waits: number[] = [];
  const connection = {
    socket: () => ({ readMessages: async (keys: WAMessageKey[]) => void read.push(...keys) }),
  } as unknown as WhatsAppConnection;
  const receive = createWhatsAppReceiver({
    conductor,
    connection,
    log: silentLog,
    clock: () => new Date(),
    maxMediaBytes: 1_000_000,
    sleep: async (ms) => void waits.push(ms),
  });
  return { receive, read, waits };
}

describe("storing WhatsApp messages when the database falters", () => {
  it("tries a message again after brief failures, then reads it as received", async () => {
    const { conductor, stored } = flakyConductor({ "msg:A1": 2 });
    const { receive, read, waits } = receiverWith(conductor);
    await receive([text("A1", "lapor")]);
    expect(stored).toEqual(["lapor"]);
    expect(waits).toEqual([500, 2_000]);
    expect(read.map((key) => key.id)).toEqual(["A1"]);
  });

  it("gives a message up after its last try, unread, and goes on with the next", async () => {
    const { conductor, stored } = flakyConductor({ "msg:B1": 99 });
    const { receive, read, waits } = receiverWith(conductor);
    await receive([text("B1", "halo"), text("B2", "menu")]);
    expect(stored).toEqual(["menu"]);
    expect(waits).toEqual([500, 2_000, 8_000]);
    expect(read.map((key) => key.id)).toEqual(["B2"]);
  });
});
