package dev.portcullis.provisioning.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.Fixtures.Member;
import dev.portcullis.it.InNewTransaction;
import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Team;
import dev.portcullis.platform.boundary.AccessTokenService;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.provisioning.boundary.ProvisioningService.UserProfile;
import dev.portcullis.scim.boundary.ListRequest;
import dev.portcullis.scim.boundary.ScimContext;
import dev.portcullis.scim.boundary.ScimException;
import dev.portcullis.scim.boundary.ScimUsers;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provisioning on the real database: one user for two concurrent creates, scope, deactivation that
 * ends tokens, a PATCH that fails midway, the SCIM list's paging, and the role that teams carrying
 * one give their members (PRODUCT §6, groups to roles).
 */
@ExtendWith(ArquillianExtension.class)
class ProvisioningServiceIT {

  private static final Actor IDP = Actor.anonymous("scim-token:test", "192.0.2.9");

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(ProvisioningServiceIT.class);
  }

  @Inject ProvisioningService provisioning;

  @Inject ScimUsers scimUsers;

  @Inject AccessTokenService tokens;

  @Inject InNewTransaction tx;

  @Inject Fixtures fixtures;

  @Inject ProjectService projects;

  private ExecutorService threads;

  private Member owner;

  private String org;

  private String domain;

  @BeforeEach
  void organizationWithVerifiedDomain() {
    threads = Executors.newFixedThreadPool(4);
    owner = fixtures.organizationWithOwner();
    org = owner.organizationId();
    domain = Fixtures.unique("corp").toLowerCase() + ".test";
    tx.withEntityManager(
        em -> {
          Organization o = em.find(Organization.class, org);
          DomainClaim claim =
              new DomainClaim(o, domain, "t", Instant.now(), VerificationPolicy.DEFAULT);
          claim.markVerified(Instant.now(), VerificationPolicy.DEFAULT);
          em.persist(claim);
          em.persist(new VerifiedDomain(claim, Instant.now()));
          return null;
        });
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private UserProfile profile(String userName, boolean active) {
    return new UserProfile(userName, null, "Ann", "Lee", null, null, null, null, active);
  }

  private ScimContext ctx() {
    return new ScimContext(org, "test", "192.0.2.9", "http://localhost");
  }

  @Test
  void twoConcurrentCreatesOfOneUserNameMakeOneUserAndOneConflict() throws Exception {
    String userName = "Ann." + Fixtures.unique("x") + "@" + domain;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String spelled = i == 0 ? userName : userName.toUpperCase();
      results.add(
          threads.submit(
              () -> {
                start.await();
                try {
                  return tx.call(() -> provisioning.provision(IDP, org, profile(spelled, true)))
                      .getId();
                } catch (ServiceException e) {
                  return e.code();
                }
              }));
    }
    start.countDown();
    Set<String> outcomes = new HashSet<>();
    for (Future<String> f : results) {
      outcomes.add(f.get(2, TimeUnit.MINUTES));
    }
    assertTrue(outcomes.remove("uniqueness"), "one create is refused: " + outcomes);
    assertEquals(1, outcomes.size(), "the other created the user: " + outcomes);
    var page =
        scimUsers.list(
            ctx(),
            ScimUsers.query(
                new ListRequest(
                    "userName eq \"" + userName.toLowerCase() + "\"", null, null, 1, 10, null)));
    assertEquals(1, page.totalResults());
  }

  @Test
  void usersOutsideTheVerifiedDomainsAreRefusedWithTheReason() {
    ServiceException e =
        assertThrows(
            ServiceException.class,
            () -> provisioning.provision(IDP, org, profile("bob@elsewhere.test", true)));
    assertEquals("out_of_scope", e.code());
    assertTrue(e.getMessage().contains("elsewhere.test"));
  }

  @Test
  void deactivationRevokesThePersonalAccessTokensAtOnce() throws Exception {
    String email = Fixtures.unique("dee") + "@" + domain;
    Membership m = tx.call(() -> provisioning.provision(IDP, org, profile(email, true)));
    String userId = m.getUser().getId();
    String token = tx.call(() -> tokens.create(userId).token());
    assertTrue(tx.call(() -> tokens.resolve(token, "192.0.2.1")).isPresent());

    tx.call(() -> provisioning.update(IDP, org, m.getId(), profile(email, false)));

    assertFalse(tx.call(() -> tokens.resolve(token, "192.0.2.1")).isPresent());
    Membership after = tx.call(() -> provisioning.user(org, m.getId()).orElseThrow());
    assertFalse(after.isActive(), "the user is still listed, as inactive");
    assertFalse(after.getUser().sessionValid(Instant.now().minusSeconds(1)));
  }

  @Test
  void aPatchFailingInItsSecondOperationChangesNothing() throws Exception {
    String email = Fixtures.unique("pat") + "@" + domain;
    Membership m = tx.call(() -> provisioning.provision(IDP, org, profile(email, true)));
    Map<String, Object> request =
        dev.portcullis.scim.control.ScimJson.toTree(
            jakarta.json.Json.createReader(
                    new java.io.StringReader(
                        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\","
                            + "\"value\":\"Changed\"},{\"op\":\"replace\",\"path\":\"active\","
                            + "\"value\":\"perhaps\"}]}"))
                .readObject());
    ScimException e =
        assertThrows(
            ScimException.class,
            () -> tx.call(() -> scimUsers.patch(ctx(), m.getId(), request, null)));
    assertEquals(400, e.status());
    Map<String, Object> now = tx.call(() -> scimUsers.get(ctx(), m.getId()));
    assertFalse(now.containsKey("displayName"), "nothing changed: " + now);
    assertEquals(email, now.get("userName"));
  }

  @Test
  void cursorPagingNeverSkipsOrRepeatsWhileUsersAreAdded() throws Exception {
    Set<String> before = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      before.add(
          tx.call(
                  () ->
                      provisioning.provision(
                          IDP, org, profile(Fixtures.unique("c") + "@" + domain, true)))
              .getId());
    }
    List<String> seen = new ArrayList<>();
    String cursor = "";
    do {
      String c = cursor;
      var page =
          tx.call(
              () ->
                  scimUsers.list(
                      ctx(), ScimUsers.query(new ListRequest(null, null, null, null, 3, c))));
      page.resources().forEach(r -> seen.add((String) r.get("id")));
      tx.call(
          () ->
              provisioning.provision(IDP, org, profile(Fixtures.unique("n") + "@" + domain, true)));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no user twice: " + seen);
    assertTrue(seen.containsAll(before), "every user there from the start was listed");
  }

  @Test
  void ifMatchWithAnOldVersionIsRefused() throws Exception {
    String email = Fixtures.unique("etag") + "@" + domain;
    Membership m = tx.call(() -> provisioning.provision(IDP, org, profile(email, true)));
    Map<String, Object> first = tx.call(() -> scimUsers.get(ctx(), m.getId()));
    String etag = (String) ((Map<?, ?>) first.get("meta")).get("version");
    Map<String, Object> body = new java.util.LinkedHashMap<>(first);
    body.put("displayName", "One");
    Map<String, Object> second = tx.call(() -> scimUsers.replace(ctx(), m.getId(), body, etag));
    String newEtag = (String) ((Map<?, ?>) second.get("meta")).get("version");
    assertFalse(etag.equals(newEtag), "the version moved: " + etag);
    ScimException e =
        assertThrows(
            ScimException.class,
            () -> tx.call(() -> scimUsers.replace(ctx(), m.getId(), body, etag)));
    assertEquals(412, e.status());
    assertInstanceOf(String.class, newEtag);
  }

  private OrgRole effectiveRole(Membership m) {
    return tx.withEntityManager(em -> em.find(Membership.class, m.getId()).getEffectiveRole());
  }

  @Test
  void aMemberIsAnAdminWhileOneOfTheirTeamsCarriesTheAdminRole() throws Exception {
    String email = Fixtures.unique("role") + "@" + domain;
    Membership m = tx.call(() -> provisioning.provision(IDP, org, profile(email, true)));
    List<String> ids = List.of(m.getId());
    Team a = tx.call(() -> provisioning.createTeam(IDP, org, Fixtures.unique("A"), null, ids));
    Team b = tx.call(() -> provisioning.createTeam(IDP, org, Fixtures.unique("B"), null, ids));
    assertEquals(OrgRole.MEMBER, effectiveRole(m), "no team carries a role yet");

    tx.call(() -> projects.setTeamRole(owner.actor(), org, a.getId(), OrgRole.ADMIN));
    tx.call(() -> projects.setTeamRole(owner.actor(), org, b.getId(), OrgRole.ADMIN));
    assertEquals(OrgRole.ADMIN, effectiveRole(m));

    // The IdP takes them out of A: B still makes them an Admin.
    tx.call(() -> provisioning.updateTeam(IDP, org, a.getId(), a.getName(), null, List.of()));
    assertEquals(OrgRole.ADMIN, effectiveRole(m));

    // The IdP deletes B: no team gives the role anymore.
    tx.call(
        () -> {
          provisioning.deleteTeam(IDP, org, b.getId());
          return null;
        });
    assertEquals(OrgRole.MEMBER, effectiveRole(m));

    // An SSO login whose groups name A puts them back in, an Admin again.
    tx.call(
        () ->
            provisioning.joinTeams(
                IDP, org, m.getUser().getId(), List.of(a.getName().toUpperCase())));
    assertEquals(OrgRole.ADMIN, effectiveRole(m));

    ServiceException e =
        assertThrows(
            ServiceException.class,
            () -> projects.setTeamRole(owner.actor(), org, a.getId(), OrgRole.OWNER));
    assertEquals("invalid_role", e.code());
    assertEquals(OrgRole.ADMIN, effectiveRole(m));
  }
}
