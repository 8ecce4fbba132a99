/**
 * Helpers of the org component: tenant and role checks, the role teams give their members, user
 * lookup and creation, name validation.
 */
package dev.portcullis.org.control;
