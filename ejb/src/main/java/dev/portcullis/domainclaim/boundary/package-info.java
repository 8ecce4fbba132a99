/** Domain claiming: the services that claim, verify, re-check and remove domains. */
package dev.portcullis.domainclaim.boundary;
