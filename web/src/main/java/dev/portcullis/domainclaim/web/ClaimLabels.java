package dev.portcullis.domainclaim.web;

import dev.portcullis.domainclaim.entity.CheckResult;
import dev.portcullis.domainclaim.entity.ClaimStatus;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.platform.web.Pages;

/** How domain claims read in the console: statuses, check results, the missing-record warning. */
public final class ClaimLabels {

  private ClaimLabels() {}

  public static String status(ClaimStatus status) {
    if (status == null) {
      return "";
    }
    return switch (status) {
      case PENDING -> "Pending";
      case VERIFIED -> "Verified";
      case EXPIRED -> "Expired";
      case UNVERIFIED -> "Unverified";
      case REJECTED -> "Rejected";
    };
  }

  /** What one DNS check saw; {@code UNKNOWN} is a resolver failure, never evidence of absence. */
  public static String result(CheckResult result) {
    if (result == null) {
      return "";
    }
    return switch (result) {
      case FOUND -> "record found";
      case ABSENT -> "record not found";
      case UNKNOWN -> "DNS did not answer";
    };
  }

  /**
   * The banner for a verified domain whose record was found missing (PRODUCT §2: the first failed
   * re-check warns the admins, naming the date the domain unverifies).
   */
  public static String missingRecord(DomainClaim claim) {
    return "The verification record of "
        + claim.getDomain()
        + " was not found on "
        + Pages.time(claim.getAbsentSince())
        + "; if it stays missing the domain unverifies on "
        + Pages.time(claim.unverifiesAt(VerificationPolicy.DEFAULT))
        + ".";
  }
}
