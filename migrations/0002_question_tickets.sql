CREATE TABLE "question_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_code" text NOT NULL,
	"contact_id" uuid,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"question_sealed" text NOT NULL,
	"suggested_topics" jsonb NOT NULL,
	"region_code" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "question_tickets" ADD CONSTRAINT "question_tickets_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "question_tickets_code_idx" ON "question_tickets" USING btree ("ticket_code");--> statement-breakpoint
CREATE INDEX "question_tickets_contact_idx" ON "question_tickets" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "question_tickets_status_idx" ON "question_tickets" USING btree ("status","created_at");