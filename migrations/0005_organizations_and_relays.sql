CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"invite_code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "relayer_org_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "relayed_by_org_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "relayer_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "witness_sealed" text;--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_invite_idx" ON "organizations" USING btree ("invite_code_hash");--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_relayer_org_id_organizations_id_fk" FOREIGN KEY ("relayer_org_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_relayed_by_org_id_organizations_id_fk" FOREIGN KEY ("relayed_by_org_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_relayer_contact_id_contacts_id_fk" FOREIGN KEY ("relayer_contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;