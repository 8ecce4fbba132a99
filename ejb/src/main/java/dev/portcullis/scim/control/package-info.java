/**
 * The SCIM model logic without a container: the filter grammar (RFC 7644 §3.4.2.2) and its
 * translation to queries on indexed columns, the PATCH engine (RFC 7644 §3.5.2) with the request
 * shapes Okta and Microsoft Entra send, the JSON representation of users and groups.
 */
package dev.portcullis.scim.control;
