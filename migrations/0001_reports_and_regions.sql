CREATE TABLE "region_seed" (
	"scope" text PRIMARY KEY NOT NULL,
	"seeded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"level" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"media_id" bigint,
	"link_sealed" text,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_code" text NOT NULL,
	"pin_hash" text NOT NULL,
	"contact_id" uuid,
	"channel" text NOT NULL,
	"track" text NOT NULL,
	"category" text NOT NULL,
	"category_other_sealed" text,
	"region_code" text,
	"online_url_sealed" text,
	"location_sealed" text,
	"happened_on" text NOT NULL,
	"known_on" text NOT NULL,
	"past_reporting_window" boolean NOT NULL,
	"story_sealed" text NOT NULL,
	"terlapor_sealed" text,
	"witnesses_sealed" text,
	"reporter_sealed" text,
	"consent_at" timestamp with time zone,
	"missing_for_formal" jsonb NOT NULL,
	"stage" text NOT NULL,
	"stage_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"failed_pin_attempts" integer DEFAULT 0 NOT NULL,
	"pin_locked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "report_evidence" ADD CONSTRAINT "report_evidence_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_evidence" ADD CONSTRAINT "report_evidence_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent_code_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_level_idx" ON "regions" USING btree ("level");--> statement-breakpoint
CREATE INDEX "report_evidence_report_idx" ON "report_evidence" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_ticket_code_idx" ON "reports" USING btree ("ticket_code");--> statement-breakpoint
CREATE INDEX "reports_contact_idx" ON "reports" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "reports_region_idx" ON "reports" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "reports_stage_idx" ON "reports" USING btree ("stage");