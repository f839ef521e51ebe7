CREATE INDEX "reports_created_idx" ON "reports" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "reports_category_created_idx" ON "reports" USING btree ("category","created_at");