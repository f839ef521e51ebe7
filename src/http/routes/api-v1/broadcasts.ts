import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { BroadcastImageError, createWithImage } from "../../../broadcasts/broadcast-image";
import {
  type BroadcastActor,
  BroadcastError,
  type BroadcastService,
  broadcastErrorStatus,
} from "../../../broadcasts/broadcasts";
import type { Translator } from "../../../i18n/translator";
import type { Keyring } from "../../../privacy/keyring";
import type { Db } from "../../../storage/database";
import { staff as staffTable } from "../../../storage/schema";
import type { StaffVariables } from "../../staff-auth";
import { ErrorSchema, OkSchema } from "./schemas";

export interface BroadcastRoutesDeps {
  db: Db;
  keyring: Keyring;
  translator: Translator;
  broadcasts: BroadcastService;
  /** How `imageUrl` is downloaded (tests pass their own). */
  fetchImage?: typeof fetch;
}

type Env = { Variables: StaffVariables };

const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/);

export const BroadcastCreateSchema = z
  .object({
    text: z.string().trim().min(1).max(4000).openapi({ description: "The imbauan in Indonesian" }),
    textEn: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .nullish()
      .openapi({ description: "English; English readers get the Indonesian text without it" }),
    audience: z.object({
      regions: z.array(regionCode).max(100).optional().openapi({
        description: "Kemendagri codes; a subscriber of a province or a kab/kota inside matches",
      }),
      channels: z
        .array(z.enum(["webchat", "telegram", "whatsapp"]))
        .max(3)
        .optional(),
      roles: z
        .array(z.enum(["public", "relayer", "liaison"]))
        .max(3)
        .optional(),
      organisations: z.array(z.string().uuid()).max(100).optional().openapi({
        description: "Organisation ids (ormas or party group): their relayers or liaisons",
      }),
    }),
    sendAt: z
      .string()
      .datetime({ offset: true })
      .nullish()
      .openapi({ description: "ISO time; in the future = scheduled, else sent now" }),
    imageUrl: z.string().url().max(2000).nullish().openapi({
      description:
        "An image (JPEG, PNG, WebP) fetched once, at most 10 MB, sent with the text as its caption",
    }),
    calendarEventId: z.string().min(1).max(100).nullish().openapi({
      description:
        "An election-calendar event: sent by itself at 07:00 WIB on its first day (instead of sendAt)",
    }),
  })
  .refine((input) => !(input.sendAt && input.calendarEventId), {
    message: "Give sendAt or calendarEventId, not both",
  })
  .openapi("BroadcastCreate");

const BroadcastStateSchema = z.enum([
  "draft",
  "scheduled",
  "awaiting_approval",
  "sending",
  "paused",
  "done",
  "cancelled",
  "failed",
]);

const CreatedSchema = z
  .object({
    id: z.string().uuid(),
    state: BroadcastStateSchema,
    recipients: z.number().int().openapi({ description: "Subscribers the audience matches now" }),
  })
  .openapi("BroadcastCreated");

const StatusSchema = z
  .object({
    id: z.string().uuid(),
    state: BroadcastStateSchema,
    counts: z.object({
      total: z.number().int(),
      sent: z.number().int(),
      failed: z.number().int(),
      unreachable: z.number().int(),
      uncertain: z
        .number()
        .int()
        .openapi({ description: "In flight when a process died: maybe sent, never resent" }),
      pending: z.number().int(),
      skipped: z.number().int().openapi({ description: "Unsubscribed before their turn" }),
    }),
    ratePerSecond: z.number().openapi({ description: "Sent per second over the last minute" }),
    etaSeconds: z.number().int().nullable(),
  })
  .openapi("BroadcastStatus");

const IdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

const errors = {
  400: { description: "Invalid input", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "No valid token", content: { "application/json": { schema: ErrorSchema } } },
  403: {
    description: "The role or area does not allow it",
    content: { "application/json": { schema: ErrorSchema } },
  },
  404: {
    description: "Not found, or outside your area",
    content: { "application/json": { schema: ErrorSchema } },
  },
  409: {
    description: "Not possible in the broadcast's current state",
    content: { "application/json": { schema: ErrorSchema } },
  },
} as const;
const security = [{ Bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const action = (name: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/broadcasts/{id}/${name}`,
    summary,
    security,
    request: { params: IdParam },
    responses: { 200: json(OkSchema, "Done"), ...errors },
  });

const routes = {
  create: createRoute({
    method: "post",
    path: "/broadcasts",
    summary: "Create an imbauan broadcast (admins and officers, within their area)",
    security,
    request: {
      body: { required: true, content: { "application/json": { schema: BroadcastCreateSchema } } },
    },
    responses: { 201: json(CreatedSchema, "Created"), ...errors },
  }),
  status: createRoute({
    method: "get",
    path: "/broadcasts/{id}",
    summary: "A broadcast's state and delivery figures",
    security,
    request: { params: IdParam },
    responses: { 200: json(StatusSchema, "The broadcast"), ...errors },
  }),
  pause: action("pause", "Pause sending (what is in flight finishes)"),
  resume: action("resume", "Resume a paused broadcast"),
  cancel: action("cancel", "Cancel; recipients not yet sent to are never sent to"),
  approve: action("approve", "Approve (BROADCAST_APPROVAL=required); not by its author"),
  test: action("test", "Send it to yourself on your linked Telegram (409 when none is linked)"),
};

/** Registers the broadcast routes on the staff API's app (which adds `requireStaff`). */
export function broadcastRoutes(app: OpenAPIHono<Env>, deps: BroadcastRoutesDeps) {
  const { broadcasts, translator } = deps;

  const actorOf = (c: Context<Env>): BroadcastActor => {
    const staff = c.get("staff");
    return {
      id: staff.id,
      role: staff.role,
      regionCode: staff.regionCode,
      email: staff.email,
      via: "api",
    };
  };
  const refuse = (c: Context<Env>, error: unknown) => {
    if (!(error instanceof BroadcastError)) throw error;
    const message = translator.text(c.get("staff").language, `errors:broadcast.${error.code}`);
    return c.json({ error: { code: error.code, message } }, broadcastErrorStatus[error.code]);
  };

  app.openapi(routes.create, async (c) => {
    const input = c.req.valid("json");
    try {
      const created = await createWithImage(deps, input.imageUrl, (imageMediaId) =>
        broadcasts.create(actorOf(c), {
          text: input.text,
          textEn: input.textEn ?? null,
          audience: input.audience,
          sendAt: input.sendAt ? new Date(input.sendAt) : null,
          calendarEventId: input.calendarEventId ?? null,
          imageMediaId,
        }),
      );
      return c.json(created, 201);
    } catch (error) {
      if (error instanceof BroadcastImageError) {
        const code = error.problem;
        const message = translator.text(c.get("staff").language, `errors:broadcast.${code}`);
        return c.json({ error: { code, message } }, 400) as never;
      }
      return refuse(c, error) as never;
    }
  });

  app.openapi(routes.status, async (c) => {
    try {
      return c.json(await broadcasts.status(actorOf(c), c.req.valid("param").id), 200);
    } catch (error) {
      return refuse(c, error) as never;
    }
  });

  const simple = ["pause", "resume", "cancel", "approve"] as const;
  for (const name of simple) {
    app.openapi(routes[name], async (c) => {
      try {
        await broadcasts[name](actorOf(c), c.req.valid("param").id);
        return c.json({ ok: true as const }, 200);
      } catch (error) {
        return refuse(c, error) as never;
      }
    });
  }

  app.openapi(routes.test, async (c) => {
    try {
      const [row] = await deps.db
        .select({ telegramContactId: staffTable.telegramContactId })
        .from(staffTable)
        .where(eq(staffTable.id, c.get("staff").id));
      await broadcasts.test(
        { ...actorOf(c), telegramContactId: row?.telegramContactId ?? null },
        c.req.valid("param").id,
      );
      return c.json({ ok: true as const }, 200);
    } catch (error) {
      return refuse(c, error) as never;
    }
  });
}
