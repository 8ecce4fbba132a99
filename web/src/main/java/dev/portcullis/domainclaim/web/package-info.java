/** Organization Settings → Access Security → Domain Claiming in the console. */
package dev.portcullis.domainclaim.web;
