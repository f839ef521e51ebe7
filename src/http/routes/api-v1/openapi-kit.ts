import type { z } from "@hono/zod-openapi";
import { ErrorSchema } from "./schemas";

/** The error responses every staff route can give, in the API's one error shape. */
export const errors = {
  400: { description: "Invalid input", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "No valid token", content: { "application/json": { schema: ErrorSchema } } },
  403: {
    description: "The role does not allow it",
    content: { "application/json": { schema: ErrorSchema } },
  },
  404: {
    description: "Not found, or outside your area",
    content: { "application/json": { schema: ErrorSchema } },
  },
  409: {
    description: "Not possible from the ticket's current state",
    content: { "application/json": { schema: ErrorSchema } },
  },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const security = [{ Bearer: [] }];
