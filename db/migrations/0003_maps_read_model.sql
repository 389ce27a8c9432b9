CREATE TABLE "map_segments" (
	"workspace_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"profile" text NOT NULL,
	"goal" text NOT NULL,
	"priority" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "map_segments_map_id_id_pk" PRIMARY KEY("map_id","id")
);
--> statement-breakpoint
CREATE TABLE "map_stages" (
	"workspace_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"weight" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "map_stages_map_id_id_pk" PRIMARY KEY("map_id","id")
);
--> statement-breakpoint
CREATE TABLE "maps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"template" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"workspace_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"id" text NOT NULL,
	"touchpoint_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "placements_map_id_id_pk" PRIMARY KEY("map_id","id")
);
--> statement-breakpoint
CREATE TABLE "touchpoint_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"field" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"changed_by" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "touchpoints" (
	"workspace_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"ownership" text NOT NULL,
	"control" text NOT NULL,
	"channel" text NOT NULL,
	"onsite_page" boolean NOT NULL,
	"status" text NOT NULL,
	"owner_user_id" text,
	"owner_department_id" uuid,
	"description" text NOT NULL,
	"details" text DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(channel, '') || ' ' || coalesce(description, ''))) STORED,
	CONSTRAINT "touchpoints_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "map_segments" ADD CONSTRAINT "map_segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_segments" ADD CONSTRAINT "map_segments_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_stages" ADD CONSTRAINT "map_stages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_stages" ADD CONSTRAINT "map_stages_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_history" ADD CONSTRAINT "touchpoint_history_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_owner_department_id_departments_id_fk" FOREIGN KEY ("owner_department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maps_workspace_idx" ON "maps" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "placements_touchpoint_idx" ON "placements" USING btree ("workspace_id","touchpoint_id");--> statement-breakpoint
CREATE INDEX "touchpoint_history_idx" ON "touchpoint_history" USING btree ("workspace_id","touchpoint_id","id");--> statement-breakpoint
CREATE INDEX "touchpoints_name_idx" ON "touchpoints" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "touchpoints_search_idx" ON "touchpoints" USING gin ("search");--> statement-breakpoint
-- Row-level security on the maps tables, exactly like 0001.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['maps', 'map_stages', 'map_segments', 'touchpoints', 'placements', 'touchpoint_history'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- History is append-only.
REVOKE UPDATE, DELETE ON touchpoint_history FROM touchmap_app;
