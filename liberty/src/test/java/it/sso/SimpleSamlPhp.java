package it.sso;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A real SAML identity provider for the tests: Debian's SimpleSAMLphp 1.19 run by PHP's built-in
 * web server ({@code php -S 127.0.0.1:<it.idp.port>}) on its {@code www} directory, with {@code
 * SIMPLESAMLPHP_CONFIG_DIR} pointing at configuration this class writes into a fresh directory
 * under {@code ${it.build-dir}} (kept after the run, with SimpleSAMLphp's and PHP's logs, for a
 * failed test). It signs with a key pair generated here, authenticates users from {@code
 * exampleauth:UserPass} (added with {@link #user}), and sends the email as the NameID ({@code
 * emailAddress} format) and as the {@code email} attribute to the service providers added with
 * {@link #serviceProvider} from their SAML metadata.
 *
 * <p>What SimpleSAMLphp 1.19 needs to run like this: a full {@code baseurlpath} (it builds every
 * URL from it), a {@code secretsalt} other than the default, a technical contact, {@code
 * enable.saml20-idp}, the {@code exampleauth} module enabled, sessions in PHP's session store in
 * our directory ({@code store.type = phpsession}), and session cookies without {@code Secure} and
 * {@code SameSite=None} (plain HTTP). Configuration and metadata files are read on every request,
 * so users and service providers can be added while it runs.
 */
public final class SimpleSamlPhp implements AutoCloseable {

  /** Debian's installation of SimpleSAMLphp. */
  static final Path INSTALL = Path.of("/usr/share/simplesamlphp");

  static final String NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
  static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
  private static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
  private static final String POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

  private final int port;
  private final Path dir;
  private final Map<String, String> users = new LinkedHashMap<>();
  private final Map<String, String> serviceProviders = new LinkedHashMap<>();
  private final KeyPair keys;
  private final X509Certificate certificate;
  private Process process;

  public SimpleSamlPhp(int port) throws Exception {
    this.port = port;
    Path build = Path.of(System.getProperty("it.build-dir", "target"));
    Files.createDirectories(build);
    this.dir = Files.createTempDirectory(build.toAbsolutePath(), "simplesamlphp-");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    this.keys = g.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=SimpleSAMLphp test IdP");
    this.certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(30))),
                        name,
                        keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }

  /** On the port from the system property {@code it.idp.port} (default 9780). */
  public static SimpleSamlPhp fromSystemProperty() throws Exception {
    return new SimpleSamlPhp(Integer.parseInt(System.getProperty("it.idp.port", "9780")));
  }

  /** Whether Debian's simplesamlphp and php-cli are installed. */
  public static boolean installed() {
    return Files.isDirectory(INSTALL.resolve("www"))
        && (Files.isExecutable(Path.of("/usr/bin/php"))
            || Files.isExecutable(Path.of("/usr/local/bin/php")));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The IdP's entity ID: SimpleSAMLphp's usual one, its metadata URL. */
  public String entityId() {
    return metadataUrl();
  }

  public String metadataUrl() {
    return baseUrl() + "/saml2/idp/metadata.php";
  }

  /** Where an SP sends AuthnRequests (HTTP-Redirect). */
  public String ssoUrl() {
    return baseUrl() + "/saml2/idp/SSOService.php";
  }

  /**
   * The IdP-initiated login of SimpleSAMLphp 1.19 (what an "app tile" links to): the SSO service
   * with {@code spentityid} instead of an AuthnRequest; after the login it posts an unsolicited
   * response (no InResponseTo) to the SP's assertion consumer service.
   */
  public String idpInitiatedUrl(String spEntityId) {
    return ssoUrl() + "?spentityid=" + URLEncoder.encode(spEntityId, StandardCharsets.UTF_8);
  }

  /** The IdP's signing certificate (also published in its metadata). */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * A user who logs in with {@code username} and {@code password} and whose email is {@code email}.
   */
  public synchronized SimpleSamlPhp user(String username, String password, String email)
      throws IOException {
    if (username.contains(":")) {
      throw new IllegalArgumentException("exampleauth:UserPass user names cannot contain ':'");
    }
    users.put(
        username + ":" + password,
        "['uid' => ["
            + php(username)
            + "], 'email' => ["
            + php(email)
            + "], 'displayName' => ["
            + php(username)
            + "]]");
    if (process != null) {
      writeAuthSources();
    }
    return this;
  }

  /**
   * Adds a service provider from its SAML 2.0 metadata, as an IdP administrator would: its entity
   * ID, its HTTP-POST assertion consumer service and its signing certificate (with which the IdP
   * checks signed AuthnRequests: unsigned ones are refused). Answers the SP's entity ID.
   */
  public synchronized String serviceProvider(String spMetadataXml) throws Exception {
    Element entity = parse(spMetadataXml).getDocumentElement();
    String entityId = entity.getAttribute("entityID");
    Element sp = (Element) entity.getElementsByTagNameNS(MD, "SPSSODescriptor").item(0);
    if (entityId.isBlank() || sp == null) {
      throw new IllegalArgumentException("not SP metadata: " + spMetadataXml);
    }
    String acs = null;
    NodeList services = sp.getElementsByTagNameNS(MD, "AssertionConsumerService");
    for (int i = 0; i < services.getLength() && acs == null; i++) {
      Element s = (Element) services.item(i);
      if (POST_BINDING.equals(s.getAttribute("Binding"))) {
        acs = s.getAttribute("Location");
      }
    }
    String signing = null;
    NodeList keyDescriptors = sp.getElementsByTagNameNS(MD, "KeyDescriptor");
    for (int i = 0; i < keyDescriptors.getLength() && signing == null; i++) {
      Element k = (Element) keyDescriptors.item(i);
      if (!"encryption".equals(k.getAttribute("use"))) {
        NodeList certs = k.getElementsByTagNameNS(DS, "X509Certificate");
        if (certs.getLength() > 0) {
          signing = certs.item(0).getTextContent().replaceAll("\\s", "");
        }
      }
    }
    if (acs == null || signing == null) {
      throw new IllegalArgumentException("no HTTP-POST ACS or signing certificate: " + entityId);
    }
    serviceProviders.put(
        entityId,
        String.join(
            "\n",
            "[",
            "  'AssertionConsumerService' => [['Binding' => "
                + php(POST_BINDING)
                + ", 'Location' => "
                + php(acs)
                + "]],",
            "  'NameIDFormat' => " + php(NAMEID_EMAIL) + ",",
            "  'simplesaml.nameidattribute' => 'email',",
            "  'attributes' => ['email', 'displayName'],",
            "  'certData' => " + php(signing) + ",",
            "  'validate.authnrequest' => true,",
            "  'signature.algorithm' => " + php(RSA_SHA256) + ",",
            "  'saml20.sign.response' => true,",
            "  'saml20.sign.assertion' => true,",
            "]"));
    if (process != null) {
      writeServiceProviders();
    }
    return entityId;
  }

  /** Writes the configuration and starts PHP's web server; waits until the metadata answers. */
  public synchronized void start() throws Exception {
    if (process != null && process.isAlive()) {
      return;
    }
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.createDirectories(dir.resolve("metadata"));
    Files.createDirectories(dir.resolve("cert"));
    Files.createDirectories(dir.resolve("sessions"));
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("log"));
    Files.writeString(
        dir.resolve("cert/idp.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("cert/idp.crt"), pem("CERTIFICATE", certificate.getEncoded()));
    byte[] salt = new byte[24];
    new SecureRandom().nextBytes(salt);
    Files.writeString(
        config.resolve("config.php"),
        String.join(
            "\n",
            "<?php",
            "$config = [",
            "  'baseurlpath' => " + php(baseUrl() + "/") + ",",
            "  'certdir' => " + php(dir.resolve("cert") + "/") + ",",
            "  'metadatadir' => " + php(dir.resolve("metadata") + "/") + ",",
            "  'loggingdir' => " + php(dir.resolve("log") + "/") + ",",
            "  'datadir' => " + php(dir.resolve("data") + "/") + ",",
            "  'tempdir' => " + php(dir.resolve("data") + "/") + ",",
            "  'attributenamemapdir' => " + php(INSTALL.resolve("config/attributemap") + "/") + ",",
            "  'secretsalt' => " + php(HexFormat.of().formatHex(salt)) + ",",
            "  'auth.adminpassword' => " + php(HexFormat.of().formatHex(salt) + "-admin") + ",",
            "  'admin.protectindexpage' => true,",
            "  'admin.protectmetadata' => false,",
            "  'admin.checkforupdates' => false,",
            "  'technicalcontact_name' => 'Portcullis tests',",
            "  'technicalcontact_email' => 'idp-admin@portcullis.test',",
            "  'timezone' => 'UTC',",
            "  'enable.saml20-idp' => true,",
            "  'enable.shib13-idp' => false,",
            "  'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true],",
            "  'store.type' => 'phpsession',",
            "  'session.phpsession.savepath' => " + php(dir.resolve("sessions").toString()) + ",",
            "  'session.cookie.secure' => false,",
            "  'session.cookie.samesite' => null,",
            "  'language.cookie.secure' => false,",
            "  'language.cookie.samesite' => null,",
            "  'logging.handler' => 'file',",
            "  'logging.logfile' => 'simplesamlphp.log',",
            "  'logging.level' => SimpleSAML\\Logger::INFO,",
            "  'showerrors' => true,",
            "  'errorreporting' => false,",
            "  'debug' => ['saml' => false, 'backtraces' => true, 'validatexml' => false],",
            "  'production' => true,",
            "  'language.default' => 'en',",
            "  'theme.use' => 'default',",
            "];",
            ""));
    Files.writeString(
        dir.resolve("metadata/saml20-idp-hosted.php"),
        String.join(
            "\n",
            "<?php",
            "$metadata[" + php(entityId()) + "] = [",
            "  'host' => '__DEFAULT__',",
            "  'privatekey' => 'idp.key',",
            "  'certificate' => 'idp.crt',",
            "  'auth' => 'example-userpass',",
            "  'signature.algorithm' => " + php(RSA_SHA256) + ",",
            "  'NameIDFormat' => " + php(NAMEID_EMAIL) + ",",
            "  'simplesaml.nameidattribute' => 'email',",
            "];",
            ""));
    writeAuthSources();
    writeServiceProviders();
    ProcessBuilder php =
        new ProcessBuilder(
                "php", "-S", "127.0.0.1:" + port, "-t", INSTALL.resolve("www").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log/php-server.log").toFile())
            .directory(dir.toFile());
    php.environment().put("SIMPLESAMLPHP_CONFIG_DIR", config.toString());
    process = php.start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy)); // should a test JVM die
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "php -S exited: " + Files.readString(dir.resolve("log/php-server.log")));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(metadataUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("IDPSSODescriptor")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("SimpleSAMLphp did not answer within 30 s; see " + dir);
  }

  /** The IdP's SAML metadata as it publishes it. */
  public String metadata() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(metadataUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("IdP metadata: " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Where its files and logs are. */
  public Path directory() {
    return dir;
  }

  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void writeAuthSources() throws IOException {
    StringBuilder php = new StringBuilder("<?php\n$config = [\n  'example-userpass' => [\n");
    php.append("    'exampleauth:UserPass',\n");
    for (Map.Entry<String, String> u : users.entrySet()) {
      php.append("    ").append(php(u.getKey())).append(" => ").append(u.getValue()).append(",\n");
    }
    php.append("  ],\n];\n");
    replace(dir.resolve("config/authsources.php"), php.toString());
  }

  private void writeServiceProviders() throws IOException {
    StringBuilder php = new StringBuilder("<?php\n");
    for (Map.Entry<String, String> sp : serviceProviders.entrySet()) {
      php.append("$metadata[").append(php(sp.getKey())).append("] = ").append(sp.getValue());
      php.append(";\n");
    }
    replace(dir.resolve("metadata/saml20-sp-remote.php"), php.toString());
  }

  /** Writes a file whole, so a request running meanwhile never reads half of it. */
  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** A single-quoted PHP string literal. */
  private static String php(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
