package dev.portcullis.sso.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SetupGuidesTest {

  private static final String SP = "https://portcullis.example/sso/saml/org-1";
  private static final String ACS = SP + "/acs";
  private static final String METADATA = SP + "/metadata";

  private static final List<SetupGuides.Guide> GUIDES = SetupGuides.of(ACS, SP, METADATA);

  private static SetupGuides.Guide guide(String id) {
    return GUIDES.stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }

  private static String valueOf(SetupGuides.Guide g, String field) {
    return g.fields().stream()
        .filter(l -> l.field().equals(field))
        .findFirst()
        .orElseThrow(() -> new AssertionError(g.name() + " has no field " + field))
        .value();
  }

  @Test
  void fiveProvidersInTheProductsOrder() {
    assertEquals(
        List.of("Okta", "OneLogin", "Google Workspace", "Microsoft Entra ID", "Custom SAML 2.0"),
        GUIDES.stream().map(SetupGuides.Guide::name).toList());
  }

  @Test
  void ourValuesGoIntoEachProvidersOwnFields() {
    assertEquals(ACS, valueOf(guide("okta"), "Single sign-on URL"));
    assertEquals(SP, valueOf(guide("okta"), "Audience URI (SP Entity ID)"));
    assertEquals(ACS, valueOf(guide("onelogin"), "ACS (Consumer) URL"));
    assertEquals(ACS, valueOf(guide("onelogin"), "Recipient"));
    assertEquals(SP, valueOf(guide("onelogin"), "Audience (EntityID)"));
    assertTrue(
        ACS.replace(".", "\\.")
            .replace("/", "\\/")
            .equals(
                valueOf(guide("onelogin"), "ACS (Consumer) URL Validator")
                    .replaceAll("^\\^|\\$$", "")),
        valueOf(guide("onelogin"), "ACS (Consumer) URL Validator"));
    assertEquals(ACS, valueOf(guide("google"), "ACS URL"));
    assertEquals(SP, valueOf(guide("google"), "Entity ID"));
    assertEquals(SP, valueOf(guide("entra"), "Identifier (Entity ID)"));
    assertEquals(ACS, valueOf(guide("entra"), "Reply URL (Assertion Consumer Service URL)"));
    assertEquals(METADATA, valueOf(guide("custom"), "SP metadata URL"));
    assertEquals(SetupGuides.NAME_ID_EMAIL, valueOf(guide("custom"), "NameID format"));
  }

  @Test
  void everyGuideAsksForTheEmailAndTheNamesAndSaysWhereTheIdpValuesGo() {
    for (SetupGuides.Guide g : GUIDES) {
      Set<String> attributes =
          g.attributes().stream().map(SetupGuides.Line::field).collect(Collectors.toSet());
      assertEquals(Set.of("email", "firstName", "lastName"), attributes, g.name());
      Set<String> targets =
          g.back().stream().map(SetupGuides.Line::value).collect(Collectors.toSet());
      assertEquals(
          Set.of("IdP entity ID", "IdP SSO URL", "Upload certificate", "Import IdP metadata"),
          targets,
          g.name());
    }
  }
}
