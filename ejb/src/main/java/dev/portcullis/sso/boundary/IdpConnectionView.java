package dev.portcullis.sso.boundary;

import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.IdpConnection;
import java.util.List;

/**
 * An additional IdP connection as admins see it: its settings, the verified domains bound to it,
 * its certificates, and its own SP addresses (entity ID, postback URL, metadata).
 */
public record IdpConnectionView(
    IdpConnection connection,
    List<String> domains,
    List<IdpCertificate> certificates,
    String spEntityId,
    String postbackUrl,
    String spMetadataUrl) {}
