import { loadSsoConnection, type LoadedSsoConnection } from '../load-connection'

/** An enabled SAML connection by id (null for anything else: unknown, switched off, or OpenID Connect). */
export async function loadSamlConnection(connectionId: string): Promise<LoadedSsoConnection | null> {
  const sso = await loadSsoConnection(connectionId)
  return sso?.protocol === 'saml' && sso.saml ? sso : null
}
