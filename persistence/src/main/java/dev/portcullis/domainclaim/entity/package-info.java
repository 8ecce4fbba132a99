/** Domain claims, their verification schedule, and verified ownership of a domain. */
package dev.portcullis.domainclaim.entity;
