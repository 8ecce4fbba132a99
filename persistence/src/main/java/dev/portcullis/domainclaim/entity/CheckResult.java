package dev.portcullis.domainclaim.entity;

/**
 * The outcome of one DNS check. Only {@link #ABSENT} is evidence that the record is gone; an {@link
 * #UNKNOWN} (timeout, SERVFAIL, REFUSED) never changes a claim's state.
 */
public enum CheckResult {
  FOUND,
  ABSENT,
  UNKNOWN
}
