package dev.portcullis.scim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScimTokenUseCounterTest {

  private static final Instant T = Instant.parse("2026-11-29T00:00:00Z");

  @Test
  void usesAddUpAndTheLatestIsKeptWhateverTheOrder() {
    String token = UUID.randomUUID().toString();
    ScimTokenUseCounter.count(token, T.plusSeconds(2));
    ScimTokenUseCounter.count(token, T);
    ScimTokenUseCounter.count(token, T.plusSeconds(1));
    assertTrue(ScimTokenUseCounter.tokenIds().contains(token));
    ScimTokenUseCounter.Pending p = ScimTokenUseCounter.take(token);
    assertEquals(3, p.count());
    assertEquals(T.plusSeconds(2), p.last());
    assertNull(ScimTokenUseCounter.take(token), "taken out once");
  }

  @Test
  void usesPutBackAfterAFailedWriteAddToNewOnes() {
    String token = UUID.randomUUID().toString();
    ScimTokenUseCounter.count(token, T);
    ScimTokenUseCounter.Pending taken = ScimTokenUseCounter.take(token);
    ScimTokenUseCounter.count(token, T.plusSeconds(5));
    ScimTokenUseCounter.add(token, taken);
    ScimTokenUseCounter.Pending p = ScimTokenUseCounter.take(token);
    assertEquals(2, p.count());
    assertEquals(T.plusSeconds(5), p.last());
  }
}
