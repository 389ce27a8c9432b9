CREATE TABLE "map_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content" jsonb NOT NULL,
	"with_touchpoints" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"password_hash" text,
	"show_details" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_viewed_at" timestamp with time zone,
	CONSTRAINT "share_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "maps" ADD COLUMN "lanes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "maps" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "maps" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "maps" ADD COLUMN "deleted_by" text;--> statement-breakpoint
ALTER TABLE "map_templates" ADD CONSTRAINT "map_templates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_templates" ADD CONSTRAINT "map_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "map_templates_workspace_idx" ON "map_templates" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "share_links_map_idx" ON "share_links" USING btree ("workspace_id","map_id");--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['share_links', 'map_templates'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Deleting a map (kept 30 days, restorable) and purging it: owners and admins.
INSERT INTO permissions (key) VALUES ('maps.delete');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key) VALUES ('owner', 'maps.delete'), ('admin', 'maps.delete');
--> statement-breakpoint
-- Sharing a map outside the workspace (read-only links): managers and up.
INSERT INTO permissions (key) VALUES ('maps.share');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key) VALUES ('owner', 'maps.share'), ('admin', 'maps.share'), ('manager', 'maps.share');
--> statement-breakpoint
-- A share link is opened by people with no account: its token (hashed) finds
-- its workspace, link and map before any workspace is known (ids only; a
-- revoked or expired link, or one whose map is deleted, finds nothing).
GRANT SELECT ON share_links TO touchmap_lookup;
--> statement-breakpoint
GRANT SELECT ON maps TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY share_links_lookup ON share_links FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE POLICY maps_lookup ON maps FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_share_link(p_token_hash text) RETURNS TABLE (link_id uuid, workspace_id uuid, map_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT l.id, l.workspace_id, l.map_id FROM share_links l JOIN maps m ON m.id = l.map_id
        WHERE l.token_hash = p_token_hash AND l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > now()) AND m.deleted_at IS NULL $$;
--> statement-breakpoint
-- The purge job runs for every workspace: the ids of workspaces holding maps deleted before `before`.
CREATE FUNCTION touchmap_maps_to_purge(before timestamptz) RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT m.workspace_id FROM maps m WHERE m.deleted_at IS NOT NULL AND m.deleted_at < before $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_share_link(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_maps_to_purge(timestamptz) OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_share_link(text), touchmap_maps_to_purge(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_share_link(text), touchmap_maps_to_purge(timestamptz) TO touchmap_app;
