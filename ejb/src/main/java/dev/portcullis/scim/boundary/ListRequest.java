package dev.portcullis.scim.boundary;

/**
 * The query parameters of a list (RFC 7644 §3.4.2): filter, sort, index paging ({@code
 * startIndex}/{@code count}) or cursor paging ({@code cursor}, empty for the first page; see
 * draft-ietf-scim-cursor-pagination).
 */
public record ListRequest(
    String filter,
    String sortBy,
    String sortOrder,
    Integer startIndex,
    Integer count,
    String cursor) {

  public static final int DEFAULT_COUNT = 100;
  public static final int MAX_COUNT = 200;

  public int effectiveCount() {
    if (count == null) {
      return DEFAULT_COUNT;
    }
    return Math.max(0, Math.min(MAX_COUNT, count));
  }

  public int effectiveStartIndex() {
    return startIndex == null || startIndex < 1 ? 1 : startIndex;
  }

  public boolean descending() {
    return sortOrder != null && sortOrder.equalsIgnoreCase("descending");
  }
}
