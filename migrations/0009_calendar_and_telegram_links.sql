CREATE TABLE "calendar_events" (
	"id" text PRIMARY KEY NOT NULL,
	"election" text NOT NULL,
	"election_name_id" text,
	"election_name_en" text,
	"kind" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"scope_level" text NOT NULL,
	"scope_codes" jsonb NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"rerun_in" jsonb,
	"edited_at" timestamp with time zone,
	"edited_by" uuid,
	"removed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_link_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "telegram_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_link_codes" ADD CONSTRAINT "staff_link_codes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;