CREATE TABLE "scim_group_members" (
	"workspace_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"scim_user_id" uuid NOT NULL,
	CONSTRAINT "scim_group_members_group_id_scim_user_id_pk" PRIMARY KEY("group_id","scim_user_id")
);
--> statement-breakpoint
CREATE TABLE "scim_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"external_id" text,
	"department_id" uuid,
	"role_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scim_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "scim_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "scim_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"user_name" text NOT NULL,
	"external_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_account" boolean DEFAULT false NOT NULL,
	"resource" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sso_saml_messages" (
	"workspace_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message_id" text NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"browser_hash" text,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sso_saml_messages_connection_id_kind_message_id_pk" PRIMARY KEY("connection_id","kind","message_id")
);
--> statement-breakpoint
CREATE TABLE "sso_saml_settings" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"sso_url" text NOT NULL,
	"binding" text DEFAULT 'redirect' NOT NULL,
	"certificates" text[] NOT NULL,
	"metadata_url" text,
	"idp_initiated" boolean DEFAULT false NOT NULL,
	"email_attribute" text,
	"name_attribute" text,
	"groups_attribute" text
);
--> statement-breakpoint
ALTER TABLE "sso_connections" ALTER COLUMN "client_id" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "sso_connections" ALTER COLUMN "client_secret_enc" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "sso_break_glass_user_id" text;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "protocol" text DEFAULT 'oidc' NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "scim_last_request_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "enforced" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_group_id_scim_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."scim_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_scim_user_id_scim_users_id_fk" FOREIGN KEY ("scim_user_id") REFERENCES "public"."scim_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_groups" ADD CONSTRAINT "scim_groups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_groups" ADD CONSTRAINT "scim_groups_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_groups" ADD CONSTRAINT "scim_groups_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_groups" ADD CONSTRAINT "scim_groups_role_key_roles_key_fk" FOREIGN KEY ("role_key") REFERENCES "public"."roles"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_tokens" ADD CONSTRAINT "scim_tokens_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_tokens" ADD CONSTRAINT "scim_tokens_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_tokens" ADD CONSTRAINT "scim_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_users" ADD CONSTRAINT "scim_users_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_users" ADD CONSTRAINT "scim_users_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_users" ADD CONSTRAINT "scim_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_saml_messages" ADD CONSTRAINT "sso_saml_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_saml_messages" ADD CONSTRAINT "sso_saml_messages_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_saml_settings" ADD CONSTRAINT "sso_saml_settings_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_saml_settings" ADD CONSTRAINT "sso_saml_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scim_group_members_user_idx" ON "scim_group_members" USING btree ("scim_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_groups_connection_name_idx" ON "scim_groups" USING btree ("connection_id",lower("display_name"));--> statement-breakpoint
CREATE INDEX "scim_tokens_connection_idx" ON "scim_tokens" USING btree ("connection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_users_connection_username_idx" ON "scim_users" USING btree ("connection_id",lower("user_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "scim_users_connection_external_idx" ON "scim_users" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_users_connection_user_idx" ON "scim_users" USING btree ("connection_id","user_id");--> statement-breakpoint
CREATE INDEX "sso_saml_messages_expiry_idx" ON "sso_saml_messages" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_sso_break_glass_user_id_users_id_fk" FOREIGN KEY ("sso_break_glass_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sso_saml_settings', 'sso_saml_messages', 'scim_tokens', 'scim_users', 'scim_groups', 'scim_group_members'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO touchmap_app USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- SCIM requests name their connection in the URL and carry a bearer token:
-- which workspace and connection a token belongs to is looked up before any
-- workspace is known (ids only; a revoked token finds nothing).
GRANT SELECT ON scim_tokens TO touchmap_lookup;
--> statement-breakpoint
CREATE POLICY scim_tokens_lookup ON scim_tokens FOR SELECT TO touchmap_lookup USING (true);
--> statement-breakpoint
CREATE FUNCTION touchmap_scim_token(p_token_hash text) RETURNS TABLE (token_id uuid, workspace_id uuid, connection_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT t.id, t.workspace_id, t.connection_id FROM scim_tokens t JOIN sso_connections c ON c.id = t.connection_id
        WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL AND c.enabled $$;
--> statement-breakpoint
-- SSO enforcement, read by the membership check under the person's own
-- row-level security: the connection a workspace requires for an email
-- domain it holds by DNS and enforces (null when it requires none).
CREATE FUNCTION touchmap_sso_enforced_connection(p_workspace_id uuid, p_domain text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT d.connection_id FROM sso_domains d JOIN sso_connections c ON c.id = d.connection_id
        WHERE d.workspace_id = p_workspace_id AND d.domain = lower(p_domain) AND d.enforced AND d.status = 'verified' AND c.enabled
        LIMIT 1 $$;
--> statement-breakpoint
-- The same, across workspaces, for the sign-in page: whether an address must use its organisation's SSO.
CREATE FUNCTION touchmap_sso_enforcing(p_domain text) RETURNS TABLE (workspace_id uuid, connection_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT d.workspace_id, d.connection_id FROM sso_domains d JOIN sso_connections c ON c.id = d.connection_id
        WHERE d.domain = lower(p_domain) AND d.enforced AND d.status = 'verified' AND c.enabled $$;
--> statement-breakpoint
ALTER FUNCTION touchmap_scim_token(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_enforced_connection(uuid, text) OWNER TO touchmap_lookup;
--> statement-breakpoint
ALTER FUNCTION touchmap_sso_enforcing(text) OWNER TO touchmap_lookup;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION touchmap_scim_token(text), touchmap_sso_enforced_connection(uuid, text), touchmap_sso_enforcing(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION touchmap_scim_token(text), touchmap_sso_enforced_connection(uuid, text), touchmap_sso_enforcing(text) TO touchmap_app;
