CREATE TABLE "touchpoint_raters" (
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "touchpoint_raters_workspace_id_touchpoint_id_pk" PRIMARY KEY("workspace_id","touchpoint_id")
);
--> statement-breakpoint
CREATE TABLE "touchpoint_score_stats" (
	"workspace_id" uuid NOT NULL,
	"touchpoint_id" text NOT NULL,
	"criterion" text NOT NULL,
	"total" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "touchpoint_score_stats_workspace_id_touchpoint_id_criterion_pk" PRIMARY KEY("workspace_id","touchpoint_id","criterion")
);
--> statement-breakpoint
ALTER TABLE "touchpoint_raters" ADD CONSTRAINT "touchpoint_raters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_score_stats" ADD CONSTRAINT "touchpoint_score_stats_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Row-level security on the new workspace-owned tables, exactly like 0001.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['touchpoint_score_stats', 'touchpoint_raters'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Kept by this trigger on every score written, changed or removed, whatever
-- path wrote it: sums and counts per criterion move by the row's score (each
-- an atomic row update, so concurrent scores add up); a member counts as a
-- rater of a touchpoint while they have a score on any criterion of it.
CREATE FUNCTION touchmap_score_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO touchpoint_score_stats (workspace_id, touchpoint_id, criterion, total, n)
      VALUES (NEW.workspace_id, NEW.touchpoint_id, NEW.criterion, NEW.score, 1)
      ON CONFLICT (workspace_id, touchpoint_id, criterion) DO UPDATE SET total = touchpoint_score_stats.total + EXCLUDED.total, n = touchpoint_score_stats.n + 1;
    IF TG_OP = 'INSERT' AND NOT EXISTS (
      SELECT 1 FROM touchpoint_scores s WHERE s.workspace_id = NEW.workspace_id AND s.touchpoint_id = NEW.touchpoint_id AND s.user_id = NEW.user_id AND s.criterion <> NEW.criterion
    ) THEN
      INSERT INTO touchpoint_raters (workspace_id, touchpoint_id, people) VALUES (NEW.workspace_id, NEW.touchpoint_id, 1)
        ON CONFLICT (workspace_id, touchpoint_id) DO UPDATE SET people = touchpoint_raters.people + 1;
    END IF;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE touchpoint_score_stats SET total = total - OLD.score, n = n - 1
      WHERE workspace_id = OLD.workspace_id AND touchpoint_id = OLD.touchpoint_id AND criterion = OLD.criterion;
    DELETE FROM touchpoint_score_stats WHERE workspace_id = OLD.workspace_id AND touchpoint_id = OLD.touchpoint_id AND criterion = OLD.criterion AND n <= 0;
    IF TG_OP = 'DELETE' AND NOT EXISTS (
      SELECT 1 FROM touchpoint_scores s WHERE s.workspace_id = OLD.workspace_id AND s.touchpoint_id = OLD.touchpoint_id AND s.user_id = OLD.user_id
    ) THEN
      UPDATE touchpoint_raters SET people = people - 1 WHERE workspace_id = OLD.workspace_id AND touchpoint_id = OLD.touchpoint_id;
      DELETE FROM touchpoint_raters WHERE workspace_id = OLD.workspace_id AND touchpoint_id = OLD.touchpoint_id AND people <= 0;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER touchpoint_scores_stats AFTER INSERT OR UPDATE OR DELETE ON touchpoint_scores FOR EACH ROW EXECUTE FUNCTION touchmap_score_stats();
--> statement-breakpoint
-- The scores already there.
INSERT INTO touchpoint_score_stats (workspace_id, touchpoint_id, criterion, total, n)
  SELECT workspace_id, touchpoint_id, criterion, sum(score), count(*) FROM touchpoint_scores GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO touchpoint_raters (workspace_id, touchpoint_id, people)
  SELECT workspace_id, touchpoint_id, count(DISTINCT user_id) FROM touchpoint_scores GROUP BY 1, 2;
