CREATE TABLE "audit_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"schedule_id" uuid,
	"map_id" uuid,
	"name" text NOT NULL,
	"slot" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by" text,
	"due_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "audit_campaigns_slot" UNIQUE("schedule_id","slot")
);
--> statement-breakpoint
CREATE TABLE "audit_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"map_id" uuid,
	"cadence" text NOT NULL,
	"interval_days" integer,
	"next_open_at" timestamp with time zone NOT NULL,
	"due_days" integer DEFAULT 14 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_schedules_scope" UNIQUE NULLS NOT DISTINCT("workspace_id","map_id"),
	CONSTRAINT "audit_schedules_interval" CHECK ("audit_schedules"."interval_days" is null or "audit_schedules"."interval_days" between 1 and 730),
	CONSTRAINT "audit_schedules_due_days" CHECK ("audit_schedules"."due_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "audit_snapshot_docs" (
	"campaign_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"doc_name" text NOT NULL,
	"state" "bytea" NOT NULL,
	CONSTRAINT "audit_snapshot_docs_campaign_id_doc_name_pk" PRIMARY KEY("campaign_id","doc_name")
);
--> statement-breakpoint
CREATE TABLE "audit_snapshots" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"touchpoint_name" text NOT NULL,
	"assignee_user_id" text,
	"assignee_department_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"checklist" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"submitted_by" text,
	"submitted_at" timestamp with time zone,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_note" text DEFAULT '' NOT NULL,
	"reminded_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_tasks_touchpoint" UNIQUE("campaign_id","touchpoint_id")
);
--> statement-breakpoint
ALTER TABLE "audit_campaigns" ADD CONSTRAINT "audit_campaigns_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_campaigns" ADD CONSTRAINT "audit_campaigns_schedule_id_audit_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."audit_schedules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_campaigns" ADD CONSTRAINT "audit_campaigns_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_campaigns" ADD CONSTRAINT "audit_campaigns_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_campaigns" ADD CONSTRAINT "audit_campaigns_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_schedules" ADD CONSTRAINT "audit_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_snapshot_docs" ADD CONSTRAINT "audit_snapshot_docs_campaign_id_audit_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."audit_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_snapshot_docs" ADD CONSTRAINT "audit_snapshot_docs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_snapshots" ADD CONSTRAINT "audit_snapshots_campaign_id_audit_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."audit_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_snapshots" ADD CONSTRAINT "audit_snapshots_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tasks" ADD CONSTRAINT "audit_tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tasks" ADD CONSTRAINT "audit_tasks_campaign_id_audit_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."audit_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tasks" ADD CONSTRAINT "audit_tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tasks" ADD CONSTRAINT "audit_tasks_assignee_department_id_departments_id_fk" FOREIGN KEY ("assignee_department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tasks" ADD CONSTRAINT "audit_tasks_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tasks" ADD CONSTRAINT "audit_tasks_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_campaigns_ws_idx" ON "audit_campaigns" USING btree ("workspace_id","status","opened_at");--> statement-breakpoint
CREATE INDEX "audit_schedules_due_idx" ON "audit_schedules" USING btree ("active","next_open_at");--> statement-breakpoint
CREATE INDEX "audit_tasks_assignee_idx" ON "audit_tasks" USING btree ("workspace_id","assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "audit_tasks_department_idx" ON "audit_tasks" USING btree ("workspace_id","assignee_department_id","status");--> statement-breakpoint
CREATE INDEX "audit_tasks_touchpoint_idx" ON "audit_tasks" USING btree ("workspace_id","touchpoint_id");--> statement-breakpoint
-- Row-level security on the new workspace-owned tables, exactly like 0001.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_schedules', 'audit_campaigns', 'audit_tasks', 'audit_snapshots', 'audit_snapshot_docs'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- A closed audit's snapshot is frozen.
REVOKE UPDATE ON audit_snapshots, audit_snapshot_docs FROM touchmap_app;
--> statement-breakpoint
-- Audits: managers and up schedule, open, approve and close them.
INSERT INTO permissions (key) VALUES ('audits.manage');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key) VALUES ('owner', 'audits.manage'), ('admin', 'audits.manage'), ('manager', 'audits.manage');
--> statement-breakpoint
-- The audit jobs run for every workspace: these lookups (run as touchmap_lookup,
-- like 0001's) return only the ids of workspaces with work due, which the jobs
-- then do inside each workspace, under its row-level security.
GRANT SELECT ON audit_schedules, audit_campaigns, audit_tasks TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY audit_schedules_lookup ON audit_schedules FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE POLICY audit_campaigns_lookup ON audit_campaigns FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE POLICY audit_tasks_lookup ON audit_tasks FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_audit_schedules_due(at timestamptz) RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT s.workspace_id FROM audit_schedules s WHERE s.active AND s.next_open_at <= at $$;
--> statement-breakpoint
CREATE FUNCTION touchmap_audit_tasks_overdue(at timestamptz) RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT t.workspace_id FROM audit_tasks t JOIN audit_campaigns c ON c.id = t.campaign_id
        WHERE c.status = 'open' AND c.due_at <= at AND t.status IN ('open', 'returned') AND t.reminded_at IS NULL $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_audit_schedules_due(timestamptz) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_audit_tasks_overdue(timestamptz) OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_audit_schedules_due(timestamptz), touchmap_audit_tasks_overdue(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_audit_schedules_due(timestamptz), touchmap_audit_tasks_overdue(timestamptz) TO touchmap_app;
