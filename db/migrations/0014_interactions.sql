CREATE TABLE "interaction_import_chunks" (
	"import_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"lines" text NOT NULL,
	"first_line" integer NOT NULL,
	"row_count" integer NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	CONSTRAINT "interaction_import_chunks_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "interaction_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"columns" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total_rows" integer NOT NULL,
	"done_rows" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"unmatched" integer DEFAULT 0 NOT NULL,
	"bad" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "interaction_imports_status" CHECK ("interaction_imports"."status" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "interaction_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"field" text NOT NULL,
	"kind" text NOT NULL,
	"pattern" text NOT NULL,
	"touchpoint_id" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interaction_rules_field" CHECK ("interaction_rules"."field" in ('type', 'channel')),
	CONSTRAINT "interaction_rules_kind" CHECK ("interaction_rules"."kind" in ('exact', 'contains', 'regex'))
);
--> statement-breakpoint
CREATE TABLE "interaction_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interaction_unmatched" (
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "interaction_unmatched_import_id_type_channel_pk" PRIMARY KEY("import_id","type","channel")
);
--> statement-breakpoint
CREATE TABLE "interaction_volumes" (
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"day" date NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "interaction_volumes_workspace_id_touchpoint_id_day_pk" PRIMARY KEY("workspace_id","touchpoint_id","day")
);
--> statement-breakpoint
ALTER TABLE "interaction_import_chunks" ADD CONSTRAINT "interaction_import_chunks_import_id_interaction_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."interaction_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_import_chunks" ADD CONSTRAINT "interaction_import_chunks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_imports" ADD CONSTRAINT "interaction_imports_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_imports" ADD CONSTRAINT "interaction_imports_source_id_interaction_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."interaction_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_imports" ADD CONSTRAINT "interaction_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_rules" ADD CONSTRAINT "interaction_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_rules" ADD CONSTRAINT "interaction_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_sources" ADD CONSTRAINT "interaction_sources_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_unmatched" ADD CONSTRAINT "interaction_unmatched_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_unmatched" ADD CONSTRAINT "interaction_unmatched_import_id_interaction_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."interaction_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_volumes" ADD CONSTRAINT "interaction_volumes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interaction_imports_workspace_idx" ON "interaction_imports" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "interaction_rules_workspace_idx" ON "interaction_rules" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "interaction_sources_name_idx" ON "interaction_sources" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['interaction_sources', 'interaction_imports', 'interaction_import_chunks', 'interaction_rules', 'interaction_volumes', 'interaction_unmatched'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- After a restart, imports still to finish are found for every workspace (ids only).
GRANT SELECT ON interaction_imports TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY interaction_imports_lookup ON interaction_imports FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_interaction_imports_unfinished() RETURNS TABLE (workspace_id uuid, import_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT i.workspace_id, i.id FROM interaction_imports i WHERE i.status IN ('queued', 'running') $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_interaction_imports_unfinished() OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_interaction_imports_unfinished() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_interaction_imports_unfinished() TO touchmap_app;
