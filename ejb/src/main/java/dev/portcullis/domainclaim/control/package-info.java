/** Domain names and the Public Suffix List; DNS TXT lookups with dnsjava. */
package dev.portcullis.domainclaim.control;
