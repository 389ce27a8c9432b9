CREATE TABLE "map_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"map_state" "bytea" NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "map_versions" ADD CONSTRAINT "map_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_versions" ADD CONSTRAINT "map_versions_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_versions" ADD CONSTRAINT "map_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "map_versions_map_idx" ON "map_versions" USING btree ("workspace_id","map_id","created_at");--> statement-breakpoint
ALTER TABLE map_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE map_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_versions_tenant ON map_versions FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
-- A version is never rewritten.
REVOKE UPDATE ON map_versions FROM touchmap_app;
--> statement-breakpoint
-- Restoring a version: managers and up (saving one: anyone who edits maps).
INSERT INTO permissions (key) VALUES ('versions.restore');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key) VALUES ('owner', 'versions.restore'), ('admin', 'versions.restore'), ('manager', 'versions.restore');
