package it.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A real authoritative DNS server for the tests: Debian's BIND 9 on 127.0.0.1 and a high port,
 * serving the zone {@code test.} with TSIG-signed RFC 2136 dynamic updates, so tests add and delete
 * TXT records while the application under test resolves them. The zone {@code servfail.test.} is
 * configured with a broken master file: BIND answers SERVFAIL for it.
 */
public final class BindServer implements AutoCloseable {

  public static final String ZONE = "test.";
  public static final String SERVFAIL_ZONE = "servfail.test.";
  private static final String KEY_NAME = "portcullis-test.";

  private final int port;
  private final Path dir;
  private final TSIG tsig;
  private final String secret;
  private Process process;
  private Path include;
  private final List<String> extraZones = new ArrayList<>();

  public BindServer(int port) throws IOException {
    this.port = port;
    this.dir = Files.createTempDirectory("portcullis-bind");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.secret = Base64.getEncoder().encodeToString(key);
    this.tsig = new TSIG(TSIG.HMAC_SHA256, KEY_NAME, secret);
  }

  /**
   * Port from the system property {@code it.dns.port} (the server under test is configured with
   * it).
   */
  public static BindServer fromSystemProperty() throws IOException {
    return new BindServer(Integer.parseInt(System.getProperty("it.dns.port", "15353")));
  }

  public int port() {
    return port;
  }

  /**
   * Loads the master-file lines in {@code zoneLines} (absolute owner names under {@code test.})
   * into the zone at start: far faster than dynamic updates for many records (the benchmark).
   */
  public BindServer include(Path zoneLines) {
    this.include = zoneLines.toAbsolutePath();
    return this;
  }

  /**
   * Also serves these zones (such as {@code bob.com}), empty and open to the same dynamic updates:
   * for suites whose addresses are fixed in domains outside {@code test.}. Set before start.
   */
  public BindServer withZones(String... zones) {
    extraZones.addAll(List.of(zones));
    return this;
  }

  public synchronized void start() throws Exception {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.writeString(
        dir.resolve("test.zone"),
        String.join(
            "\n",
            "$TTL 5",
            "@ IN SOA ns.test. hostmaster.test. 1 60 60 600 5",
            "@ IN NS ns.test.",
            "ns IN A 127.0.0.1",
            include == null ? "" : "$INCLUDE \"" + include + "\"",
            ""));
    Files.writeString(dir.resolve("broken.zone"), "this is not a zone file\n");
    Files.deleteIfExists(dir.resolve("test.zone.jnl"));
    Files.writeString(
        dir.resolve("named.conf"),
        String.join(
            "\n",
            "options {",
            "  directory \"" + dir + "\";",
            "  pid-file \"" + dir.resolve("named.pid") + "\";",
            "  listen-on port " + port + " { 127.0.0.1; };",
            "  listen-on-v6 { none; };",
            "  recursion no;",
            "  dnssec-validation no;",
            "  notify no;",
            "  allow-transfer { none; };",
            "};",
            "controls { };",
            "key \"" + KEY_NAME.replaceAll("\\.$", "") + "\" {",
            "  algorithm hmac-sha256;",
            "  secret \"" + secret + "\";",
            "};",
            "zone \"test\" {",
            "  type primary;",
            "  file \"" + dir.resolve("test.zone") + "\";",
            "  update-policy { grant " + KEY_NAME.replaceAll("\\.$", "") + " zonesub ANY; };",
            "};",
            "zone \"servfail.test\" {",
            "  type primary;",
            "  file \"" + dir.resolve("broken.zone") + "\";",
            "};",
            extraZoneConfig()));
    process =
        new ProcessBuilder(
                "/usr/sbin/named", "-g", "-4", "-c", dir.resolve("named.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "named exited: " + Files.readString(dir.resolve("named.log")));
      }
      if (answersSoa()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("named did not answer within 30 s");
  }

  private String extraZoneConfig() throws IOException {
    StringBuilder conf = new StringBuilder();
    for (String zone : extraZones) {
      Path file = dir.resolve(zone + ".zone");
      Files.writeString(
          file,
          String.join(
              "\n",
              "$TTL 5",
              "@ IN SOA ns.test. hostmaster.test. 1 60 60 600 5",
              "@ IN NS ns.test.",
              ""));
      Files.deleteIfExists(dir.resolve(zone + ".zone.jnl"));
      conf.append("zone \"")
          .append(zone)
          .append("\" {\n  type primary;\n  file \"")
          .append(file)
          .append("\";\n  update-policy { grant ")
          .append(KEY_NAME.replaceAll("\\.$", ""))
          .append(" zonesub ANY; };\n};\n");
    }
    return conf.toString();
  }

  /** The zone that holds {@code name}: an extra zone it is in, else {@code test.}. */
  private String zoneOf(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    for (String zone : extraZones) {
      if (n.equalsIgnoreCase(zone) || n.toLowerCase().endsWith("." + zone.toLowerCase())) {
        return zone + ".";
      }
    }
    return ZONE;
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

  /** Replaces the TXT records at {@code name} with one record per entry, each of its strings. */
  public void setTxt(String name, List<List<String>> records) throws IOException {
    Name owner = Name.fromString(name.endsWith(".") ? name : name + ".");
    Update update = new Update(Name.fromString(zoneOf(name)));
    update.delete(owner, Type.TXT);
    for (List<String> strings : records) {
      update.add(new TXTRecord(owner, DClass.IN, 5, strings));
    }
    send(update);
  }

  public void deleteTxt(String name) throws IOException {
    setTxt(name, List.of());
  }

  /** Adds a CNAME from {@code alias} to {@code target}. */
  public void setCname(String alias, String target) throws IOException {
    Name owner = Name.fromString(alias + ".");
    Update update = new Update(Name.fromString(ZONE));
    update.delete(owner, Type.CNAME);
    update.add(Record.fromString(owner, Type.CNAME, DClass.IN, 5, target + ".", Name.root));
    send(update);
  }

  private void send(Update update) throws IOException {
    SimpleResolver resolver = resolver();
    resolver.setTSIGKey(tsig);
    Message response = resolver.send(update);
    if (response.getRcode() != Rcode.NOERROR) {
      throw new IOException("DNS update refused: " + Rcode.string(response.getRcode()));
    }
  }

  private boolean answersSoa() {
    try {
      Lookup lookup = new Lookup(Name.fromString(ZONE), Type.SOA);
      lookup.setResolver(resolver());
      lookup.setCache(null);
      lookup.run();
      return lookup.getResult() == Lookup.SUCCESSFUL;
    } catch (IOException e) {
      return false;
    }
  }

  private SimpleResolver resolver() throws IOException {
    SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
    resolver.setPort(port);
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver;
  }
}
