package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.platform.boundary.ServiceException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class MetadataUrlsTest {

  @Test
  void acceptsAbsoluteHttpsUrlsOfPublicHosts() {
    assertEquals(
        "https://idp.example.com/metadata?x=1",
        MetadataUrls.validate("  https://idp.example.com/metadata?x=1 ", false).toString());
    assertEquals(
        "https://93.184.216.34:8443/md",
        MetadataUrls.validate("https://93.184.216.34:8443/md", false).toString());
    assertNull(MetadataUrls.validate("", false));
    assertNull(MetadataUrls.validate(null, false));
  }

  @Test
  void refusesWhatIsNotAnAbsoluteHttpsUrl() {
    for (String bad :
        new String[] {
          "not a url",
          "/relative",
          "ftp://idp.example.com/md",
          "file:///etc/passwd",
          "https://",
          "https:///path",
          "https://user:pw@idp.example.com/md",
          "https://idp.example.com/" + "a".repeat(2048),
          "http://idp.example.com/md"
        }) {
      ServiceException e =
          assertThrows(ServiceException.class, () -> MetadataUrls.validate(bad, false), bad);
      assertEquals("invalid_metadata_url", e.code());
      assertEquals(ServiceException.Kind.INVALID, e.kind());
    }
  }

  @Test
  void refusesPrivateAndLocalAddressesWrittenIntoTheUrl() {
    for (String bad :
        new String[] {
          "https://127.0.0.1/md",
          "https://localhost/md",
          "https://metadata.localhost/md",
          "https://10.1.2.3/md",
          "https://172.16.0.1/md",
          "https://192.168.1.1/md",
          "https://169.254.169.254/latest/meta-data",
          "https://100.64.0.1/md",
          "https://0.0.0.0/md",
          "https://[::1]/md",
          "https://[fd00::1]/md",
          "https://[fe80::1]/md",
          "https://[::ffff:127.0.0.1]/md",
          "https://[64:ff9b::a9fe:a9fe]/md"
        }) {
      assertThrows(ServiceException.class, () -> MetadataUrls.validate(bad, false), bad);
    }
  }

  @Test
  void theOperatorMayAllowPlainHttpAndLocalAddresses() {
    assertEquals(
        "http://127.0.0.1:8080/md",
        MetadataUrls.validate("http://127.0.0.1:8080/md", true).toString());
    assertThrows(ServiceException.class, () -> MetadataUrls.validate("ftp://x/md", true));
  }

  @Test
  void classifiesAddresses() throws Exception {
    for (String ip :
        new String[] {
          "127.0.0.1",
          "10.0.0.1",
          "172.31.255.255",
          "192.168.0.1",
          "169.254.1.1",
          "100.127.0.1",
          "0.1.2.3",
          "224.0.0.1",
          "255.255.255.255",
          "192.0.2.1",
          "::",
          "::1",
          "fc00::1",
          "fe80::1",
          "fec0::1",
          "ff02::1",
          "::ffff:10.0.0.1",
          "::127.0.0.1",
          "2001:db8::1"
        }) {
      assertFalse(MetadataUrls.isPublic(InetAddress.getByName(ip)), ip);
    }
    for (String ip :
        new String[] {
          "93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"
        }) {
      assertTrue(MetadataUrls.isPublic(InetAddress.getByName(ip)), ip);
    }
  }
}
