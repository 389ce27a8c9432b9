CREATE TABLE "touchpoint_health_daily" (
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"day" date NOT NULL,
	"health" real NOT NULL,
	CONSTRAINT "touchpoint_health_daily_workspace_id_touchpoint_id_day_pk" PRIMARY KEY("workspace_id","touchpoint_id","day")
);
--> statement-breakpoint
ALTER TABLE "touchpoint_health_daily" ADD CONSTRAINT "touchpoint_health_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE touchpoint_health_daily ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE touchpoint_health_daily FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY touchpoint_health_daily_tenant ON touchpoint_health_daily FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
-- The daily health job runs for every workspace with touchpoints (ids only).
GRANT SELECT ON touchpoints TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY touchpoints_lookup ON touchpoints FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_workspaces_with_touchpoints() RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT t.workspace_id FROM touchpoints t $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_workspaces_with_touchpoints() OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_workspaces_with_touchpoints() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_workspaces_with_touchpoints() TO touchmap_app;
