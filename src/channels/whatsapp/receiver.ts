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
}

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
      } else {
        await deps.conductor.receive(event.message);
      }
      await receipt(original);
    }
  };
}
