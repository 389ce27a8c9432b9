CREATE TABLE "realtime_snapshots" (
	"workspace_id" uuid NOT NULL,
	"doc" text NOT NULL,
	"data" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "realtime_snapshots_workspace_id_doc_pk" PRIMARY KEY("workspace_id","doc")
);
--> statement-breakpoint
CREATE TABLE "realtime_tickets" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"doc" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "realtime_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"doc" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "realtime_snapshots" ADD CONSTRAINT "realtime_snapshots_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "realtime_tickets" ADD CONSTRAINT "realtime_tickets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "realtime_tickets" ADD CONSTRAINT "realtime_tickets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "realtime_updates" ADD CONSTRAINT "realtime_updates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "realtime_tickets_workspace_idx" ON "realtime_tickets" USING btree ("workspace_id","expires_at");--> statement-breakpoint
CREATE INDEX "realtime_updates_doc_idx" ON "realtime_updates" USING btree ("workspace_id","doc","id");--> statement-breakpoint
-- Row-level security on the realtime tables, exactly like 0001.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['realtime_updates', 'realtime_snapshots', 'realtime_tickets'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- The update log is append-only: compaction deletes the rows it folded, nothing rewrites one.
REVOKE UPDATE ON realtime_updates FROM touchmap_app;
