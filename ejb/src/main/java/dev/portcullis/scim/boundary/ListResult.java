package dev.portcullis.scim.boundary;

import java.util.List;
import java.util.Map;

/** One page of a list: the resources (as trees), totalResults, startIndex, the next cursor. */
public record ListResult(
    List<Map<String, Object>> resources, long totalResults, int startIndex, String nextCursor) {}
