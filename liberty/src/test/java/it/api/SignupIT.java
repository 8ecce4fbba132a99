package it.api;

import static it.api.Api.PASSWORD;
import static it.api.Api.V1;
import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.get;
import static it.api.Api.obj;
import static it.api.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Self-service sign-up: POST /api/v1/signup. */
class SignupIT {

  private static Reply signup(JsonObject body) {
    return post(V1 + "/signup", null, body);
  }

  @Test
  void signingUpWithAnOrganizationNameMakesTheUserOwnerOfANewFreeOrganization() {
    String email = Api.email("Founder");
    String name = Api.unique("Founded Org");

    Reply r =
        signup(
            obj(
                "email",
                email,
                "password",
                PASSWORD,
                "firstName",
                "Fay",
                "lastName",
                "Founder",
                "organizationName",
                name));

    assertStatus(201, r);
    String userId = r.json().getString("userId");
    String orgId = r.json().getString("organizationId");
    String token = Api.token(email, PASSWORD);
    Reply org = get(Api.org(orgId), token);
    assertStatus(200, org);
    assertEquals(name, org.json().getString("name"));
    assertEquals("FREE", org.json().getString("plan"));
    Reply members = get(Api.members(orgId), token);
    assertStatus(200, members);
    JsonArray list = members.array();
    assertEquals(1, list.size(), list::toString);
    JsonObject me = list.getJsonObject(0);
    assertEquals(userId, me.getString("userId"));
    assertEquals(email, me.getString("email"));
    assertEquals("OWNER", me.getString("role"));
    assertTrue(me.getBoolean("active"));
  }

  @Test
  void signingUpWithoutAnOrganizationNameCreatesOnlyTheUser() {
    String email = Api.email("Solo");

    Reply r = signup(obj("email", email, "password", PASSWORD));

    assertStatus(201, r);
    assertFalse(r.json().getString("userId").isBlank());
    assertFalse(r.json().containsKey("organizationId"), r.body());
    assertStatus(201, post(V1 + "/auth/token", null, obj("email", email, "password", PASSWORD)));
  }

  @Test
  void theEmailIsStoredNormalized() {
    String email = Api.email("Mixed");
    String orgName = Api.unique("Normalized");

    Reply r =
        signup(
            obj(
                "email",
                " " + email.toUpperCase() + " ",
                "password",
                PASSWORD,
                "organizationName",
                orgName));

    assertStatus(201, r);
    String token = Api.token(email, PASSWORD);
    JsonArray members = get(Api.members(r.json().getString("organizationId")), token).array();
    assertEquals(email, members.getJsonObject(0).getString("email"));
  }

  @Test
  void aSecondSignupWithTheSameEmailIsAConflictWhateverTheCase() {
    String email = Api.email("Twice");
    assertStatus(201, signup(obj("email", email, "password", PASSWORD)));

    Reply same = signup(obj("email", email, "password", "another password 123"));
    Reply upper =
        signup(
            obj(
                "email",
                email.toUpperCase(),
                "password",
                "another password 123",
                "organizationName",
                Api.unique("Dup Org")));

    assertError(same, 409, "email_taken");
    assertError(upper, 409, "email_taken");
    // The first password still works; the second did not replace it.
    assertStatus(201, post(V1 + "/auth/token", null, obj("email", email, "password", PASSWORD)));
  }

  @Test
  void simultaneousSignupsWithOneEmailCreateOneUser() throws Exception {
    String email = Api.email("Race");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Reply>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String password = PASSWORD + i;
        futures.add(
            pool.submit(
                () ->
                    signup(
                        obj(
                            "email",
                            email,
                            "password",
                            password,
                            "organizationName",
                            Api.unique("Race Org")))));
      }
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> f : futures) {
        replies.add(f.get(120, TimeUnit.SECONDS));
      }

      assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), replies::toString);
      for (Reply r : replies) {
        if (r.status() != 201) {
          assertEquals(409, r.status(), r::toString);
          Api.assertErrorBody(r);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWeakPasswordIsRefusedNamingTheRule() {
    String email = Api.email("Weak");

    Reply shortOne = signup(obj("email", email, "password", "short"));
    Reply spaces = signup(obj("email", email, "password", " ".repeat(12)));
    Reply tooLong = signup(obj("email", email, "password", "p".repeat(300)));

    assertError(shortOne, 400, "weak_password");
    assertTrue(shortOne.message().contains("10 characters"), shortOne.message());
    assertEquals(400, spaces.status(), spaces::toString);
    Api.assertErrorBody(spaces);
    assertEquals(400, tooLong.status(), tooLong::toString);
    Api.assertErrorBody(tooLong);
    assertFalse(shortOne.body().contains("\"short\""), "never echo the password");
    // None of them created the user.
    assertStatus(201, signup(obj("email", email, "password", PASSWORD)));
  }

  @Test
  void aBadEmailIsRefusedNamingTheProblem() {
    for (String bad :
        new String[] {
          "no-at-sign.test",
          "two@@at.test",
          "@nolocal.test",
          "nodomain@",
          "single@label",
          "spaces in@side.test",
          "bad@-domain-.test",
          "x".repeat(65) + "@toolong.test"
        }) {
      Reply r = signup(obj("email", bad, "password", PASSWORD));

      assertError(r, 400, "invalid_email");
    }
  }

  @Test
  void signupNeedsEmailAndPassword() {
    Reply noEmail = signup(obj("password", PASSWORD));
    Reply noPassword = signup(obj("email", Api.email("nopw")));

    assertEquals(400, noEmail.status(), noEmail::toString);
    assertTrue(noEmail.message().contains("email"), noEmail.message());
    assertEquals(400, noPassword.status(), noPassword::toString);
    assertTrue(noPassword.message().contains("password"), noPassword.message());
  }

  @Test
  void aBlankOrganizationNameIsRefusedAndNothingIsCreated() {
    String email = Api.email("BlankOrg");

    Reply r = signup(obj("email", email, "password", PASSWORD, "organizationName", "   "));

    assertEquals(400, r.status(), r::toString);
    assertTrue(r.message().contains("organizationName"), r.message());
    assertStatus(201, signup(obj("email", email, "password", PASSWORD)));
  }
}
