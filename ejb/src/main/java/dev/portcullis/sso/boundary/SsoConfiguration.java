package dev.portcullis.sso.boundary;

import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.SsoSettings;
import java.util.List;

/** An organization's SSO settings as admins see them, with the SP's own addresses. */
public record SsoConfiguration(
    SsoSettings settings,
    List<IdpCertificate> certificates,
    String spEntityId,
    String postbackUrl,
    String spMetadataUrl) {}
