CREATE TABLE "personas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"initials" text NOT NULL,
	"colour" text NOT NULL,
	"profile" text DEFAULT '' NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"frustrations" text DEFAULT '' NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"goal" text NOT NULL,
	"priority" smallint,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personas_priority_range" CHECK ("personas"."priority" is null or "personas"."priority" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "map_segments" ADD COLUMN "persona_id" uuid;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personas_workspace_idx" ON "personas" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "personas_name_unique" ON "personas" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "map_segments_persona_idx" ON "map_segments" USING btree ("workspace_id","persona_id");
--> statement-breakpoint
ALTER TABLE personas ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE personas FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY personas_tenant ON personas FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
-- The persona library: managers and up write it (editors use its personas on maps).
INSERT INTO permissions (key) VALUES ('personas.manage');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key) VALUES ('owner', 'personas.manage'), ('admin', 'personas.manage'), ('manager', 'personas.manage');
