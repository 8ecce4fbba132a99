/** Console page of SCIM: Access Security → SCIM (the base URL and the SCIM token). */
package dev.portcullis.scim.web;
