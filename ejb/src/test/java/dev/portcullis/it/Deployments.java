package dev.portcullis.it;

import dev.portcullis.it.clock.TestClock;
import java.io.File;
import java.util.Arrays;
import java.util.Objects;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The EAR each in-container test class deploys: the EJB jar this module just built, the libraries
 * the real EAR puts into {@code lib/} (persistence unit, Flyway), the {@link TestClock}, and a test
 * WAR with the test class. The web module of the product is not needed to test the services.
 *
 * <p>Arquillian's servlet protocol reaches the test through the WAR's context root, which (without
 * an application.xml) is the WAR's file name.
 */
public final class Deployments {

  private Deployments() {}

  public static EnterpriseArchive ear(Class<?>... testClasses) {
    JavaArchive ejb =
        ShrinkWrap.create(ZipImporter.class, "portcullis-ejb.jar")
            .importFrom(new File(property("portcullis.it.ejb-jar")))
            .as(JavaArchive.class);
    JavaArchive clock =
        ShrinkWrap.create(JavaArchive.class, "portcullis-it-clock.jar")
            .addClass(TestClock.class)
            .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, "portcullis-it.war")
            .addClasses(testClasses)
            .addClasses(Deployments.class, Fixtures.class, InNewTransaction.class)
            .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    File[] libraries =
        Objects.requireNonNull(
            new File(property("portcullis.it.lib-dir"))
                .listFiles(f -> f.getName().endsWith(".jar")),
            "portcullis.it.lib-dir");
    if (Arrays.stream(libraries).noneMatch(f -> f.getName().startsWith("portcullis-persistence"))) {
      throw new IllegalStateException(
          "the persistence jar is missing from " + Arrays.toString(libraries));
    }
    return ShrinkWrap.create(EnterpriseArchive.class, "portcullis-it.ear")
        .addAsModule(ejb)
        .addAsModule(war)
        .addAsLibraries(libraries)
        .addAsLibrary(clock);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "System property " + name + " is not set; run the *IT tests through Maven (failsafe)");
    }
    return value;
  }
}
