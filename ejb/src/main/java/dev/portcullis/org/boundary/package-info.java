/**
 * Organizations, members, projects, teams, invitations and access requests: the services that own
 * their rules (one Owner at least, tenant isolation, audit in the same transaction).
 */
package dev.portcullis.org.boundary;
