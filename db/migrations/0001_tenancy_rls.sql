-- Tenancy: the app's role, row-level security on every workspace-owned table,
-- narrow cross-tenant lookups, and the role/permission table.
-- The app connects as (or switches to) touchmap_app: it owns no table and has
-- no BYPASSRLS. The workspace and user of a transaction are set with
-- set_config(..., true) from bound parameters (lib/db/tenant.ts).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'touchmap_app') THEN
    CREATE ROLE touchmap_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'touchmap_lookup') THEN
    CREATE ROLE touchmap_lookup NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
--> statement-breakpoint
GRANT touchmap_app, touchmap_lookup TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO touchmap_app, touchmap_lookup;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO touchmap_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO touchmap_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO touchmap_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO touchmap_app;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON roles, permissions, role_permissions FROM touchmap_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON activity_log FROM touchmap_app;
--> statement-breakpoint
CREATE FUNCTION app_workspace_id() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_user_id() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '') $$;
--> statement-breakpoint
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A person sees the workspaces they belong to (to list and switch them); only
-- the transaction's own workspace can be written.
CREATE POLICY workspaces_select ON workspaces FOR SELECT TO touchmap_app
  USING (id = app_workspace_id() OR id IN (SELECT m.workspace_id FROM memberships m WHERE m.user_id = app_user_id()));
--> statement-breakpoint
CREATE POLICY workspaces_write ON workspaces FOR ALL TO touchmap_app
  USING (id = app_workspace_id()) WITH CHECK (id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_select ON memberships FOR SELECT TO touchmap_app
  USING (workspace_id = app_workspace_id() OR user_id = app_user_id());
--> statement-breakpoint
CREATE POLICY memberships_write ON memberships FOR ALL TO touchmap_app
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['departments', 'invitations', 'sso_connections', 'sso_domains', 'activity_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Cross-tenant lookups that must happen before a workspace is known (routing
-- an SSO email by domain, opening an invitation link). They return ids only,
-- run as touchmap_lookup, which may read just these tables.
GRANT SELECT ON sso_domains, sso_connections, invitations TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY sso_domains_lookup ON sso_domains FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE POLICY sso_connections_lookup ON sso_connections FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE POLICY invitations_lookup ON invitations FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_sso_route(p_domain text) RETURNS TABLE (workspace_id uuid, connection_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT d.workspace_id, d.connection_id FROM sso_domains d JOIN sso_connections c ON c.id = d.connection_id
        WHERE d.domain = lower(p_domain) AND c.enabled $$;
--> statement-breakpoint
CREATE FUNCTION touchmap_sso_connection_workspace(p_connection_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT c.workspace_id FROM sso_connections c WHERE c.id = p_connection_id AND c.enabled $$;
--> statement-breakpoint
CREATE FUNCTION touchmap_invitation_workspace(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT i.workspace_id FROM invitations i WHERE i.token_hash = p_token_hash $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_route(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_connection_workspace(uuid) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_invitation_workspace(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_sso_route(text), touchmap_sso_connection_workspace(uuid), touchmap_invitation_workspace(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_sso_route(text), touchmap_sso_connection_workspace(uuid), touchmap_invitation_workspace(text) TO touchmap_app;
--> statement-breakpoint
-- Roles as data, with their permissions.
INSERT INTO roles (key, rank) VALUES ('owner', 50), ('admin', 40), ('manager', 30), ('editor', 20), ('viewer', 10);
--> statement-breakpoint
INSERT INTO permissions (key) VALUES
  ('workspace.read'), ('workspace.update'), ('workspace.delete'),
  ('members.read'), ('members.invite'), ('members.manage'),
  ('departments.manage'), ('sso.manage'), ('activity.read'),
  ('maps.read'), ('maps.edit'), ('touchpoints.assign'), ('insights.triage');
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission_key)
  SELECT r.key, p.key FROM roles r CROSS JOIN permissions p
  WHERE r.key = 'owner'
     OR (r.key = 'admin' AND p.key <> 'workspace.delete')
     OR (r.key = 'manager' AND p.key IN ('workspace.read', 'members.read', 'maps.read', 'maps.edit', 'touchpoints.assign', 'insights.triage'))
     OR (r.key = 'editor' AND p.key IN ('workspace.read', 'members.read', 'maps.read', 'maps.edit'))
     OR (r.key = 'viewer' AND p.key IN ('workspace.read', 'members.read', 'maps.read'));
