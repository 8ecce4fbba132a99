/**
 * The admin API application: bearer authentication, strict JSON bodies, error mapping, token
 * issuing, health checks.
 */
package dev.portcullis.platform.rest;
