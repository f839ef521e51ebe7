ALTER TABLE "contacts" ADD COLUMN "liaison_org_id" uuid;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "kind" text DEFAULT 'ormas' NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_liaison_org_id_organizations_id_fk" FOREIGN KEY ("liaison_org_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_relayer_or_liaison_check" CHECK ("contacts"."relayer_org_id" is null or "contacts"."liaison_org_id" is null);--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_kind_check" CHECK ("organizations"."kind" in ('ormas', 'party'));