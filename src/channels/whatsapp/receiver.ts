import { isLidUser, isPnUser, type proto, type WAMessageKey } from "baileys";
import type { Conductor } from "../../conversations/conductor";
import type { Logger } from "../../logger";
import type { WhatsAppConnection, WhatsAppSocketLike } from "./connection";
import type { GroupResponder } from "./group-responder";
import { readWhatsAppMessage } from "./normalize";

export interface WhatsAppReceiverDeps {
  conductor: Conductor;
  connection: WhatsAppConnection;
  log: Logger;
  clock: () => Date;
  /** Larger files are refused with a message, and the conversation goes on without them. */
  maxMediaBytes: number;
  /** Groups the bot answers `lapor` / `tanya` in (WHATSAPP_GROUPS); all others are ignored. */
  groups?: ReadonlySet<string>;
  groupResponder?: GroupResponder;
  /** Waits between attempts to store a message (injectable so tests need not wait). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * WhatsApp does not deliver a message again because the bot failed to store it, so a brief
 * failure (the database busy or restarting) is tried again here before the message is given up.
 */
const storeRetryDelaysMs = [500, 2_000, 8_000];

/**
 * The key with the sender's phone-number JID beside their LID, from Baileys' own LID mapping,
 * when the message came under a LID alone: one person then stays one contact.
 */
async function withPhoneNumber(
  key: WAMessageKey,
  socket: WhatsAppSocketLike | undefined,
  log: Logger,
): Promise<WAMessageKey> {
  const lid = key.remoteJid;
  if (!lid || !isLidUser(lid) || isPnUser(key.remoteJidAlt ?? undefined)) return key;
  const mapping = socket?.signalRepository?.lidMapping;
  if (!mapping) return key;
  try {
    const pn = await mapping.getPNForLID(lid);
    return pn && isPnUser(pn) ? { ...key, remoteJidAlt: pn } : key;
  } catch (error) {
    log.warn({ err: error }, "whatsapp LID mapping lookup failed; keeping the LID");
    return key;
  }
}

/** New WhatsApp messages into the conductor, with a read receipt once each is stored. */
export function createWhatsAppReceiver(deps: WhatsAppReceiverDeps) {
  const log = deps.log.child({ module: "whatsapp" });
  const receipt = (key: WAMessageKey) =>
    deps.connection
      .socket()
      ?.readMessages?.([key])
      .catch((error: unknown) => log.warn({ err: error }, "read receipt failed"));

  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** Stores one message through the conductor, trying again after brief failures. */
  async function store(message: Parameters<Conductor["receive"]>[0]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.conductor.receive(message);
        return true;
      } catch (error) {
        const delay = storeRetryDelaysMs[attempt];
        if (delay === undefined) return false;
        log.warn({ err: error, attempt: attempt + 1 }, "whatsapp message not stored yet; retrying");
        await sleep(delay);
      }
    }
  }

  return async (messages: proto.IWebMessageInfo[]) => {
    for (const info of messages) {
      const original = (info.key ?? {}) as WAMessageKey;
      const key = await withPhoneNumber(original, deps.connection.socket(), log);
      const event = readWhatsAppMessage(key === original ? info : { ...info, key }, deps.clock(), {
        maxMediaBytes: deps.maxMediaBytes,
        ...(deps.groups ? { groups: deps.groups } : {}),
      });
      if (event.kind === "ignored") {
        log.debug({ reason: event.reason }, "whatsapp message ignored");
        continue;
      }
      if (event.kind === "group_command") {
        // Fire and forget, as Telegram's group answers: a group waits for nobody's chat.
        void deps.groupResponder
          ?.answer(event)
          .catch((error: unknown) => log.warn({ err: error }, "whatsapp group answer failed"));
      } else if (!(await store(event.message))) {
        // No read receipt: the sender's phone shows it undelivered to us.
        log.error({ messageId: original.id }, "whatsapp message could not be stored; given up");
        continue;
      }
      await receipt(original);
    }
  };
}
