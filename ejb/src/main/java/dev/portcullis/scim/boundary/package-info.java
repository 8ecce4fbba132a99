/** SCIM 2.0 services (the transaction boundary): the organizations' SCIM tokens. */
package dev.portcullis.scim.boundary;
