import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Actor, Casework } from "../../../casework/casework";
import { CaseworkError } from "../../../casework/errors";
import { normalizeTicket } from "../../../casework/queue";
import { questionStatuses } from "../../../storage/schema";
import type { StaffVariables } from "../../staff-auth";
import { body, errors, json, security } from "./openapi-kit";
import { OkSchema, TextSchema } from "./schemas";

type Env = { Variables: StaffVariables };

const QuestionQuerySchema = z.object({
  status: z.enum(questionStatuses).optional().openapi({
    description: "open: waiting for staff (new, or the asker answered); answered; closed",
  }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const QuestionItemSchema = z
  .object({
    ticket: z.string().openapi({ example: "TNY-0123-4568" }),
    status: z.enum(questionStatuses),
    regionCode: z.string().nullable().openapi({ description: "A place the question named" }),
    channel: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi("QuestionItem");

const QuestionListSchema = z
  .object({ items: z.array(QuestionItemSchema), nextCursor: z.string().optional() })
  .openapi("Questions");

const QuestionSchema = z
  .object({
    ticket: z.string(),
    status: z.enum(questionStatuses),
    regionCode: z.string().nullable(),
    channel: z.string(),
    language: z.string().openapi({ description: "The language replies reach the asker in" }),
    createdAt: z.string().datetime(),
    answeredAt: z.string().datetime().nullable().openapi({ description: "The latest reply" }),
    question: z.string().openapi({ description: "Mobile numbers typed in it are masked" }),
    suggestedTopics: z.array(z.string()),
    reachable: z.boolean().openapi({ description: "False once the asker erased their data" }),
    timeline: z.array(
      z.object({
        at: z.string().datetime(),
        kind: z.enum(["reply", "asker_message", "closed"]),
        staffName: z.string().nullable(),
        text: z.string().nullable().openapi({ description: "Mobile numbers masked" }),
      }),
    ),
  })
  .openapi("Question");

const CloseSchema = z
  .object({
    note: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: "Sent to the asker with the news that the question is closed" }),
  })
  .openapi("QuestionClose");

const TicketParam = z.object({
  ticket: z
    .string()
    .max(40)
    .openapi({ param: { name: "ticket", in: "path" }, example: "TNY-0123-4568" }),
});

const routes = {
  list: createRoute({
    method: "get",
    path: "/questions",
    summary:
      'Question tickets ("Tanya petugas") in your area and those naming no place, newest first',
    security,
    request: { query: QuestionQuerySchema },
    responses: { 200: json(QuestionListSchema, "One page of questions"), ...errors },
  }),
  get: createRoute({
    method: "get",
    path: "/questions/{ticket}",
    summary: "One question with its timeline (replies, the asker's answers, closing)",
    security,
    request: { params: TicketParam },
    responses: { 200: json(QuestionSchema, "The question"), ...errors },
  }),
  replies: createRoute({
    method: "post",
    path: "/questions/{ticket}/replies",
    summary: 'A reply to the asker through the bot ("Petugas Bawaslu: …"); as often as needed',
    security,
    request: { params: TicketParam, body: body(TextSchema) },
    responses: { 201: json(OkSchema, "Queued for delivery"), ...errors },
  }),
  close: createRoute({
    method: "post",
    path: "/questions/{ticket}/close",
    summary: "Close the question; the asker is told, with the note if given",
    security,
    request: { params: TicketParam, body: { ...body(CloseSchema), required: false } },
    responses: { 200: json(OkSchema, "Closed"), ...errors },
  }),
};

/** The question-ticket routes of the staff API (the caller mounts the token check). */
export function questionRoutes(
  app: OpenAPIHono<Env>,
  deps: { casework: Casework; actorOf: (c: Context<Env>) => Actor },
) {
  const { casework, actorOf } = deps;
  const ticketOf = (c: { req: { valid(target: "param"): { ticket: string } } }) =>
    normalizeTicket(c.req.valid("param").ticket);

  app.openapi(routes.list, async (c) => {
    const query = c.req.valid("query");
    const page = await casework.listQuestions(actorOf(c), {
      status: query.status,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return c.json(
      {
        items: page.items.map((item) => ({
          ticket: item.ticket,
          status: item.status,
          regionCode: item.regionCode,
          channel: item.channel,
          createdAt: item.createdAt.toISOString(),
        })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      },
      200,
    );
  });

  app.openapi(routes.get, async (c) => {
    const question = await casework.questionDetail(actorOf(c), ticketOf(c));
    if (!question) throw new CaseworkError("not_found");
    return c.json(
      {
        ...question,
        createdAt: question.createdAt.toISOString(),
        answeredAt: question.answeredAt?.toISOString() ?? null,
        timeline: question.timeline.map(({ id: _id, at, ...entry }) => ({
          ...entry,
          at: at.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(routes.replies, async (c) => {
    await casework.answerQuestion(actorOf(c), ticketOf(c), c.req.valid("json").text, "api");
    return c.json({ ok: true as const }, 201);
  });

  app.openapi(routes.close, async (c) => {
    const note = (c.req.valid("json") as { note?: string } | undefined)?.note;
    await casework.closeQuestion(actorOf(c), ticketOf(c), note, "api");
    return c.json({ ok: true as const }, 200);
  });
}
