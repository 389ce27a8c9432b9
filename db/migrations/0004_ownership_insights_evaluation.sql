CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"workspace_id" uuid NOT NULL,
	"api_key_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" smallint NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_api_key_id_key_pk" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
CREATE TABLE "insight_read_marks" (
	"workspace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"read_all_before" timestamp with time zone NOT NULL,
	CONSTRAINT "insight_read_marks_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "insight_reads" (
	"workspace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"insight_id" uuid NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insight_reads_user_id_insight_id_pk" PRIMARY KEY("user_id","insight_id")
);
--> statement-breakpoint
CREATE TABLE "insight_segments" (
	"workspace_id" uuid NOT NULL,
	"insight_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"segment_id" text NOT NULL,
	CONSTRAINT "insight_segments_insight_id_map_id_segment_id_pk" PRIMARY KEY("insight_id","map_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "insight_touchpoints" (
	"workspace_id" uuid NOT NULL,
	"insight_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	CONSTRAINT "insight_touchpoints_insight_id_touchpoint_id_pk" PRIMARY KEY("insight_id","touchpoint_id")
);
--> statement-breakpoint
CREATE TABLE "insights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"source_url" text,
	"sentiment" text DEFAULT 'neutral' NOT NULL,
	"observed_on" date,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"author_id" text,
	"via" text DEFAULT 'form' NOT NULL,
	"api_key_id" uuid,
	"status" text DEFAULT 'new' NOT NULL,
	"assignee_id" text,
	"resolution" text DEFAULT '' NOT NULL,
	"merged_into" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(body, '')), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"author_id" text,
	"body" text NOT NULL,
	"mentions" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scoring_weights" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "touchpoint_assessments" (
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"importance" smallint,
	"effort" smallint,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "touchpoint_assessments_workspace_id_touchpoint_id_pk" PRIMARY KEY("workspace_id","touchpoint_id"),
	CONSTRAINT "touchpoint_assessments_importance" CHECK ("touchpoint_assessments"."importance" is null or "touchpoint_assessments"."importance" between 1 and 5),
	CONSTRAINT "touchpoint_assessments_effort" CHECK ("touchpoint_assessments"."effort" is null or "touchpoint_assessments"."effort" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "touchpoint_scores" (
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"user_id" text NOT NULL,
	"criterion" text NOT NULL,
	"score" smallint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "touchpoint_scores_workspace_id_touchpoint_id_user_id_criterion_pk" PRIMARY KEY("workspace_id","touchpoint_id","user_id","criterion"),
	CONSTRAINT "touchpoint_scores_range" CHECK ("touchpoint_scores"."score" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_read_marks" ADD CONSTRAINT "insight_read_marks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_read_marks" ADD CONSTRAINT "insight_read_marks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_reads" ADD CONSTRAINT "insight_reads_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_reads" ADD CONSTRAINT "insight_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_reads" ADD CONSTRAINT "insight_reads_insight_id_insights_id_fk" FOREIGN KEY ("insight_id") REFERENCES "public"."insights"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_segments" ADD CONSTRAINT "insight_segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_segments" ADD CONSTRAINT "insight_segments_insight_id_insights_id_fk" FOREIGN KEY ("insight_id") REFERENCES "public"."insights"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_touchpoints" ADD CONSTRAINT "insight_touchpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_touchpoints" ADD CONSTRAINT "insight_touchpoints_insight_id_insights_id_fk" FOREIGN KEY ("insight_id") REFERENCES "public"."insights"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights" ADD CONSTRAINT "insights_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights" ADD CONSTRAINT "insights_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights" ADD CONSTRAINT "insights_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_weights" ADD CONSTRAINT "scoring_weights_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_weights" ADD CONSTRAINT "scoring_weights_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_assessments" ADD CONSTRAINT "touchpoint_assessments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_assessments" ADD CONSTRAINT "touchpoint_assessments_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_assessments" ADD CONSTRAINT "touchpoint_assessments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_scores" ADD CONSTRAINT "touchpoint_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_scores" ADD CONSTRAINT "touchpoint_scores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_workspace_idx" ON "api_keys" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "insight_segments_segment_idx" ON "insight_segments" USING btree ("workspace_id","map_id","segment_id");--> statement-breakpoint
CREATE INDEX "insight_touchpoints_touchpoint_idx" ON "insight_touchpoints" USING btree ("workspace_id","touchpoint_id");--> statement-breakpoint
CREATE INDEX "insights_feed_idx" ON "insights" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "insights_status_feed_idx" ON "insights" USING btree ("workspace_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "insights_type_feed_idx" ON "insights" USING btree ("workspace_id","type","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "insights_source_feed_idx" ON "insights" USING btree ("workspace_id","source","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "insights_assignee_idx" ON "insights" USING btree ("workspace_id","assignee_id");--> statement-breakpoint
CREATE INDEX "insights_search_idx" ON "insights" USING gin ("search");--> statement-breakpoint
CREATE INDEX "insights_topics_idx" ON "insights" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "comments_subject_idx" ON "comments" USING btree ("workspace_id","subject_type","subject_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("workspace_id","user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
-- Row-level security on the new workspace-owned tables, exactly like 0001.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['insights', 'insight_touchpoints', 'insight_segments', 'insight_reads', 'insight_read_marks', 'api_keys', 'idempotency_keys', 'touchpoint_scores', 'touchpoint_assessments', 'scoring_weights', 'comments'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Notifications: anyone in the workspace may notify a member; only the recipient reads or marks theirs.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notifications_insert ON notifications FOR INSERT TO touchmap_app WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
CREATE POLICY notifications_recipient ON notifications FOR SELECT TO touchmap_app USING (workspace_id = app_workspace_id() AND user_id = app_user_id());
--> statement-breakpoint
CREATE POLICY notifications_recipient_update ON notifications FOR UPDATE TO touchmap_app USING (workspace_id = app_workspace_id() AND user_id = app_user_id()) WITH CHECK (workspace_id = app_workspace_id() AND user_id = app_user_id());
--> statement-breakpoint
CREATE POLICY notifications_recipient_delete ON notifications FOR DELETE TO touchmap_app USING (workspace_id = app_workspace_id() AND user_id = app_user_id());
--> statement-breakpoint
-- An API key is presented before its workspace is known: this lookup (run as
-- touchmap_lookup, like 0001's) returns only the key's id and workspace.
GRANT SELECT ON api_keys TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY api_keys_lookup ON api_keys FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_api_key_workspace(key_hash text) RETURNS TABLE (key_id uuid, workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT k.id, k.workspace_id FROM api_keys k WHERE k.hash = key_hash AND k.revoked_at IS NULL $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_api_key_workspace(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_api_key_workspace(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_api_key_workspace(text) TO touchmap_app;
--> statement-breakpoint
-- New permissions: add insights, score touchpoints, comment, manage API keys, configure the priority weights.
INSERT INTO permissions (key) VALUES ('insights.create'), ('touchpoints.score'), ('comments.write'), ('apikeys.manage'), ('scoring.configure');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key) VALUES
  ('owner', 'insights.create'), ('owner', 'touchpoints.score'), ('owner', 'comments.write'), ('owner', 'apikeys.manage'), ('owner', 'scoring.configure'),
  ('admin', 'insights.create'), ('admin', 'touchpoints.score'), ('admin', 'comments.write'), ('admin', 'apikeys.manage'), ('admin', 'scoring.configure'),
  ('manager', 'insights.create'), ('manager', 'touchpoints.score'), ('manager', 'comments.write'), ('manager', 'scoring.configure'),
  ('editor', 'insights.create'), ('editor', 'touchpoints.score'), ('editor', 'comments.write');
--> statement-breakpoint
-- History stays append-only; idempotency answers are never rewritten.
REVOKE UPDATE ON idempotency_keys FROM touchmap_app;
--> statement-breakpoint
-- Under row-level security PostgreSQL uses an operator as an index condition
-- only when its function is LEAKPROOF; otherwise full-text search (@@) and
-- topic containment (@>) scan every row of the workspace instead of using
-- their GIN indexes. Neither function raises data-dependent errors. Only a
-- superuser may mark them, so a database whose migrator is not one keeps
-- working, with slower searches (a notice says so).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION arraycontains(anyarray, anyarray) LEAKPROOF;
  ELSE
    RAISE NOTICE 'touchmap: not a superuser, full-text search and topic filters will not use their indexes under row-level security';
  END IF;
END $$;
