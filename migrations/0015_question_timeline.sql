CREATE TABLE "question_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"question_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"staff_id" uuid,
	"body_sealed" text,
	"meta" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "question_events" ADD CONSTRAINT "question_events_question_id_question_tickets_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."question_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_events" ADD CONSTRAINT "question_events_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "question_events_question_idx" ON "question_events" USING btree ("question_id","id");--> statement-breakpoint
-- An answer given before questions had a timeline becomes its first reply. Its ciphertext was
-- sealed for question_tickets.answer and cannot be resealed in SQL: meta names that.
INSERT INTO "question_events" ("question_id", "kind", "staff_id", "body_sealed", "meta", "at")
SELECT q."id", 'reply', s."id", q."answer_sealed",
  '{"sealedAs": "question_tickets.answer"}'::jsonb, coalesce(q."answered_at", q."created_at")
FROM "question_tickets" q LEFT JOIN "staff" s ON s."id" = q."answered_by"
WHERE q."answer_sealed" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "question_tickets" DROP COLUMN "answer_sealed";--> statement-breakpoint
ALTER TABLE "question_tickets" DROP COLUMN "answered_by";