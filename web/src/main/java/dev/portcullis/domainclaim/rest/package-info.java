/** Admin API resource of domain claiming. */
package dev.portcullis.domainclaim.rest;
