CREATE TABLE "sso_link_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"subject" text NOT NULL,
	"email" text NOT NULL,
	"browser_hash" text NOT NULL,
	"token_hash" text NOT NULL,
	"callback_path" text DEFAULT '/' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_link_requests_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sso_sign_in_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	"email" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sso_domains" DROP CONSTRAINT "sso_domains_domain_unique";--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "sso_connection_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "sso_workspace_id" uuid;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "trust_emails" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "verification_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "last_check_error" text;--> statement-breakpoint
ALTER TABLE "sso_link_requests" ADD CONSTRAINT "sso_link_requests_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_link_requests" ADD CONSTRAINT "sso_link_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_sign_in_events" ADD CONSTRAINT "sso_sign_in_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_sign_in_events" ADD CONSTRAINT "sso_sign_in_events_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sso_link_requests_user_idx" ON "sso_link_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sso_sign_in_events_connection_idx" ON "sso_sign_in_events" USING btree ("connection_id","at");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_sso_connection_id_sso_connections_id_fk" FOREIGN KEY ("sso_connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sso_domains_workspace_domain_idx" ON "sso_domains" USING btree ("workspace_id","domain");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_domains_held_idx" ON "sso_domains" USING btree ("domain") WHERE status in ('verified', 'attested');--> statement-breakpoint
-- Data written before domains needed proof: an admin's word becomes an
-- "attested" claim (counted only where the instance allows attestation);
-- identities move from (issuer, subject) to (connection, subject), to the
-- connection of a workspace the person belongs to; sessions made through SSO
-- end (they opened every workspace of the person; the next SSO sign-in makes
-- a session scoped to its connection's workspace). The tables force RLS even
-- for their owner, so it is lifted for these statements only.
ALTER TABLE sso_domains NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_connections NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE sso_domains SET status = 'attested' WHERE verified_at IS NOT NULL;
--> statement-breakpoint
UPDATE accounts a SET provider = 'sso:' || pick.connection_id::text
FROM (
  SELECT DISTINCT ON (a2.provider, a2.provider_account_id) a2.provider, a2.provider_account_id, c.id AS connection_id
  FROM accounts a2
  JOIN sso_connections c ON a2.provider = 'oidc:' || c.issuer
  LEFT JOIN memberships m ON m.workspace_id = c.workspace_id AND m.user_id = a2.user_id
  ORDER BY a2.provider, a2.provider_account_id, (m.user_id IS NULL), c.created_at
) pick
WHERE a.provider = pick.provider AND a.provider_account_id = pick.provider_account_id;
--> statement-breakpoint
DELETE FROM accounts WHERE provider LIKE 'oidc:%';
--> statement-breakpoint
DELETE FROM sessions WHERE method = 'sso';
--> statement-breakpoint
ALTER TABLE sso_domains FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_connections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_sign_in_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_sign_in_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sso_sign_in_events_tenant ON sso_sign_in_events FOR ALL TO touchmap_app
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
-- Routing an email to SSO: only a held claim (one per domain, by the unique
-- index) routes; the caller decides whether an attested one counts.
DROP FUNCTION touchmap_sso_route(text);
--> statement-breakpoint
CREATE FUNCTION touchmap_sso_route(p_domain text) RETURNS TABLE (workspace_id uuid, connection_id uuid, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT d.workspace_id, d.connection_id, d.status FROM sso_domains d JOIN sso_connections c ON c.id = d.connection_id
        WHERE d.domain = lower(p_domain) AND d.status IN ('verified', 'attested') AND c.enabled $$;
--> statement-breakpoint
-- A DNS proof of a claim, across workspaces: the first proof wins; every other
-- workspace's pending or attested claim on the domain is marked taken (their
-- workspaces are returned so each can be told). Serialised per domain.
GRANT UPDATE (status, verified_at, verified_by, last_checked_at, last_check_error) ON sso_domains TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY sso_domains_lookup_update ON sso_domains FOR UPDATE TO touchmap_lookup USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_sso_domain_proven(p_domain_id uuid) RETURNS TABLE (outcome text, taken_workspaces uuid[])
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
DECLARE
  d text;
  losers uuid[];
BEGIN
  SELECT s.domain INTO d FROM sso_domains s WHERE s.id = p_domain_id;
  IF d IS NULL THEN
    RETURN QUERY SELECT 'missing'::text, ARRAY[]::uuid[];
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('touchmap_sso_domain:' || d));
  IF EXISTS (SELECT 1 FROM sso_domains s WHERE s.domain = d AND s.status = 'verified' AND s.id <> p_domain_id) THEN
    UPDATE sso_domains SET status = 'taken', last_checked_at = now() WHERE id = p_domain_id;
    RETURN QUERY SELECT 'taken'::text, ARRAY[]::uuid[];
    RETURN;
  END IF;
  WITH t AS (
    UPDATE sso_domains SET status = 'taken'
    WHERE domain = d AND id <> p_domain_id AND status IN ('pending', 'attested')
    RETURNING workspace_id
  ) SELECT coalesce(array_agg(DISTINCT t.workspace_id), ARRAY[]::uuid[]) INTO losers FROM t;
  UPDATE sso_domains
    SET verified_at = CASE WHEN status = 'verified' THEN verified_at ELSE now() END,
        status = 'verified', verified_by = NULL, last_checked_at = now(), last_check_error = NULL
    WHERE id = p_domain_id;
  RETURN QUERY SELECT 'verified'::text, losers;
END $$;
--> statement-breakpoint
-- The daily re-check: claims whose last DNS check is older than the given time.
CREATE FUNCTION touchmap_sso_domains_due(p_checked_before timestamptz, p_limit int)
  RETURNS TABLE (id uuid, workspace_id uuid, domain text, status text, verification_token text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT s.id, s.workspace_id, s.domain, s.status, s.verification_token FROM sso_domains s
        WHERE s.status IN ('verified', 'pending') AND (s.last_checked_at IS NULL OR s.last_checked_at < p_checked_before)
        ORDER BY s.last_checked_at NULLS FIRST LIMIT p_limit $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_route(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_domain_proven(uuid) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_domains_due(timestamptz, int) OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_sso_route(text), touchmap_sso_domain_proven(uuid), touchmap_sso_domains_due(timestamptz, int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_sso_route(text), touchmap_sso_domain_proven(uuid), touchmap_sso_domains_due(timestamptz, int) TO touchmap_app;
