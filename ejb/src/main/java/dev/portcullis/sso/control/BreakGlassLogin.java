package dev.portcullis.sso.control;

import java.time.Instant;

/**
 * An Owner or Admin logged in with a password although the organization requires single sign-on, or
 * an Owner with a recovery code under strict SSO (break-glass, PRODUCT §3 and §6): a CDI event
 * fired inside the login's transaction, with what the email to the other Owners says.
 *
 * @param organizationName the organization's name, or null for the notices to read it
 * @param method how they logged in ({@code password}, {@code recovery code})
 * @param clientAddress the address the login came from
 */
public record BreakGlassLogin(
    String organizationId,
    String organizationName,
    String userId,
    String email,
    String method,
    Instant at,
    String clientAddress) {}
