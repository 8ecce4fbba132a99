package dev.portcullis.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/console/index",
        "/console/settings/members?org=2b6f0c1e",
        "/console/settings/audit?org=x&action=login.sso#top",
        "/%2F%2Fstill-a-path"
      })
  void localPathsAreKept(String path) {
    assertEquals(path, ReturnPath.orDefault(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.test/",
        "//evil.test/console",
        "/\\evil.test",
        "\\\\evil.test",
        "/console\\..\\x",
        "evil.test",
        "javascript:alert(1)",
        "/console/index\r\nSet-Cookie: x=y",
        "/console/\tindex",
        "/console/ïndex",
        "/sso/saml/org/login",
        "",
        " /console/index"
      })
  void everythingElseFallsBackToTheConsole(String path) {
    assertEquals("/console/index", ReturnPath.orDefault(path));
  }

  @Test
  void nullAndOverlongPathsFallBackToo() {
    assertEquals("/console/index", ReturnPath.orDefault(null));
    assertEquals("/console/index", ReturnPath.orDefault("/" + "a".repeat(1024)));
  }
}
