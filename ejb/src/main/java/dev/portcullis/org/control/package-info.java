/**
 * Helpers of the org component: tenant and role checks, user lookup and creation, name validation.
 */
package dev.portcullis.org.control;
