/** SCIM 2.0 state: the organizations' SCIM bearer tokens (stored as hashes). */
package dev.portcullis.scim.entity;
