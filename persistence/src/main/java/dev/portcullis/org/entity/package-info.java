/**
 * Tenancy entities: organizations with their plan, users, memberships and roles, projects and their
 * grants, teams, invitations and access requests.
 */
package dev.portcullis.org.entity;
