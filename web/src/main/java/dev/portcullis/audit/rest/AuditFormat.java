package dev.portcullis.audit.rest;

import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.platform.control.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** The audit log's export formats, shared by the admin API and the console's download buttons. */
public final class AuditFormat {

  private static final String[] COLUMNS = {
    "id",
    "occurredAt",
    "actor",
    "actorId",
    "action",
    "targetType",
    "targetId",
    "target",
    "before",
    "after",
    "clientAddress"
  };

  private AuditFormat() {}

  public static String json(List<AuditEvent> events) {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    for (AuditEvent e : events) {
      JsonObjectBuilder o = Jsonp.createObjectBuilder();
      String[] v = values(e);
      for (int i = 0; i < COLUMNS.length; i++) {
        if (v[i] == null) {
          o.addNull(COLUMNS[i]);
        } else {
          o.add(COLUMNS[i], v[i]);
        }
      }
      out.add(o);
    }
    return out.build().toString();
  }

  /**
   * RFC 4180 CSV with a header line; cells that a spreadsheet would run as formulas are defused.
   */
  public static String csv(List<AuditEvent> events) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (AuditEvent e : events) {
      String[] v = values(e);
      for (int i = 0; i < v.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(cell(v[i]));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private static String[] values(AuditEvent e) {
    return new String[] {
      String.valueOf(e.getId()),
      e.getOccurredAt().toString(),
      e.getActorLabel(),
      e.getActorId(),
      e.getAction(),
      e.getTargetType(),
      e.getTargetId(),
      e.getTargetLabel(),
      e.getBeforeState(),
      e.getAfterState(),
      e.getClientAddress()
    };
  }

  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v; // OWASP CSV injection: never let a cell start a formula
    }
    if (v.contains(",")
        || v.contains("\"")
        || v.contains("\n")
        || v.contains("\r")
        || !v.equals(value)) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
