/**
 * Provisioning: creating, changing, deactivating and removing an organization's users and their
 * team memberships on behalf of its identity provider, by SCIM now and by just-in-time SSO logins
 * later. It speaks the domain's terms (users, memberships, teams), never a protocol's; each call is
 * one transaction and is audited.
 */
package dev.portcullis.provisioning.boundary;
