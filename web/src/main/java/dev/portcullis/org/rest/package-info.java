/** Admin API resources for organizations, sign-up, members, projects and teams. */
package dev.portcullis.org.rest;
