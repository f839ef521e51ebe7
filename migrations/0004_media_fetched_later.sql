ALTER TABLE "media" ALTER COLUMN "sha256" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ALTER COLUMN "content_sealed" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "remote_ref_sealed" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "fetch_state" text DEFAULT 'stored' NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "fetch_attempts" integer DEFAULT 0 NOT NULL;