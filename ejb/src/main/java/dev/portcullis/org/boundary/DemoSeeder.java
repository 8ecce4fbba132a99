package dev.portcullis.org.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.platform.control.SecureTokens;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The quick start's demo organization "Acme" (Enterprise) with its Owner {@code owner@acme.test},
 * created idempotently when {@code portcullis.demo.enabled} is true. The Owner's password is set at
 * every start, to {@code portcullis.demo.owner-password} or to a fresh random one, and printed
 * together with the operator token: this is for development only and is off by default.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
public class DemoSeeder {

  public static final String DEMO_ORG = "Acme";
  public static final String DEMO_OWNER = "owner@acme.test";

  private static final Logger LOG = Logger.getLogger(DemoSeeder.class.getName());

  @PersistenceContext EntityManager em;

  @Inject PortcullisConfig config;

  @Inject Users users;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @PostConstruct
  void seed() {
    if (!config.demoEnabled()) {
      return;
    }
    Instant now = clock.instant();
    String password = config.demoOwnerPassword().orElseGet(() -> SecureTokens.generate("", 12));
    Organization org =
        em.createNamedQuery("Organization.byName", Organization.class)
            .setParameter("name", DEMO_ORG)
            .getResultStream()
            .findFirst()
            .orElse(null);
    User owner = users.byEmail(DEMO_OWNER).orElse(null);
    if (owner == null) {
      owner = users.create(DEMO_OWNER, "Ada", "Owner", password, now);
    } else {
      owner.setPasswordHash(users.hash(password), now);
    }
    if (org == null) {
      org = new Organization(DEMO_ORG, Plan.ENTERPRISE, now);
      em.persist(org);
      em.persist(new Membership(org, owner, OrgRole.OWNER, now));
      User member = users.byEmail("member@acme.test").orElse(null);
      if (member == null) {
        member = users.create("member@acme.test", "Max", "Member", null, now);
      }
      em.persist(new Membership(org, member, OrgRole.MEMBER, now));
      Project website = new Project(org, "Website", now);
      website.grantAllUsers(true);
      em.persist(website);
      em.persist(new Project(org, "Data Warehouse", now));
      audit.record(
          Actor.system(),
          org.getId(),
          "organization.created",
          new AuditLog.Target("organization", org.getId(), DEMO_ORG),
          null,
          Map.of("name", DEMO_ORG, "plan", Plan.ENTERPRISE, "owner", DEMO_OWNER));
    }
    String banner =
        "\n================ Portcullis quick start ================\n"
            + "  Console:         "
            + config.baseUrl()
            + "/login\n"
            + "  Demo Owner:      "
            + DEMO_OWNER
            + "\n"
            + "  Owner password:  "
            + password
            + "\n"
            + "  Operator token:  "
            + config.operatorToken().orElse("(not set)")
            + "\n"
            + "========================================================\n";
    // Printed on purpose: the quick start promises these credentials. Never enabled in production.
    System.out.println(banner);
    LOG.info("Demo organization Acme is ready");
  }
}
