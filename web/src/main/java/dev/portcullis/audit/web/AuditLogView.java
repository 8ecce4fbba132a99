package dev.portcullis.audit.web;

import dev.portcullis.audit.boundary.AuditService;
import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.audit.rest.AuditFormat;
import dev.portcullis.org.web.OrganizationSettingsView;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.web.Pages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/**
 * Organization Settings → Audit Log: the newest entries matching the filters, and the same filters
 * exported as CSV or JSON (the admin API's formats). Dates are whole days in UTC.
 */
@Named
@ViewScoped
public class AuditLogView extends OrganizationSettingsView {

  private static final long serialVersionUID = 1L;

  /** Rows the page shows at most; the exports go up to {@link AuditService#MAX_RESULTS}. */
  static final int SHOWN = 500;

  @Inject AuditService audit;

  private String action;
  private String actorFilter;
  private String target;
  private LocalDate from;
  private LocalDate to;
  private List<AuditRow> rows = List.of();
  private boolean truncated;

  @Override
  protected void refresh() {
    List<AuditEvent> events = audit.search(actor(), organizationId, filter(), SHOWN);
    rows = events.stream().map(AuditRow::new).toList();
    truncated = events.size() >= SHOWN;
  }

  public void search() {
    try {
      refresh();
    } catch (ServiceException e) {
      Pages.error(e);
    }
  }

  public void clear() {
    action = null;
    actorFilter = null;
    target = null;
    from = null;
    to = null;
    search();
  }

  public StreamedContent getCsv() {
    return export("csv", "text/csv; charset=UTF-8");
  }

  public StreamedContent getJson() {
    return export("json", "application/json");
  }

  private StreamedContent export(String format, String contentType) {
    List<AuditEvent> events;
    try {
      events = audit.search(actor(), organizationId, filter(), AuditService.MAX_RESULTS);
    } catch (ServiceException e) {
      Pages.error(e);
      return null;
    }
    byte[] body =
        (format.equals("csv") ? AuditFormat.csv(events) : AuditFormat.json(events))
            .getBytes(StandardCharsets.UTF_8);
    return DefaultStreamedContent.builder()
        .name("audit." + format)
        .contentType(contentType)
        .contentLength((long) body.length)
        .stream(() -> new ByteArrayInputStream(body))
        .build();
  }

  private AuditService.Filter filter() {
    return new AuditService.Filter(
        Pages.blankToNull(action),
        Pages.blankToNull(actorFilter),
        Pages.blankToNull(target),
        from == null ? null : startOf(from),
        to == null ? null : startOf(to.plusDays(1)).minusNanos(1));
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Override
  public int getSectionIndex() {
    return 3;
  }

  public List<AuditRow> getRows() {
    return rows;
  }

  public boolean isTruncated() {
    return truncated;
  }

  public int getShown() {
    return SHOWN;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getActorFilter() {
    return actorFilter;
  }

  public void setActorFilter(String actorFilter) {
    this.actorFilter = actorFilter;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public LocalDate getFrom() {
    return from;
  }

  public void setFrom(LocalDate from) {
    this.from = from;
  }

  public LocalDate getTo() {
    return to;
  }

  public void setTo(LocalDate to) {
    this.to = to;
  }

  /** One audit entry as the table shows it. */
  public static final class AuditRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long id;
    private final String time;
    private final String actor;
    private final String action;
    private final String target;
    private final String before;
    private final String after;
    private final String clientAddress;

    AuditRow(AuditEvent e) {
      this.id = e.getId();
      this.time = Pages.time(e.getOccurredAt());
      this.actor = e.getActorLabel();
      this.action = e.getAction();
      this.target =
          e.getTargetType()
              + ": "
              + (e.getTargetLabel() != null ? e.getTargetLabel() : e.getTargetId());
      this.before = readable(e.getBeforeState());
      this.after = readable(e.getAfterState());
      this.clientAddress = e.getClientAddress();
    }

    /** {@code {"role":"ADMIN"}} reads {@code role: ADMIN}; the exports keep the JSON. */
    static String readable(String state) {
      if (state == null || state.isBlank()) {
        return "";
      }
      try (JsonReader reader = Jsonp.createReader(new StringReader(state))) {
        return reader.readObject().entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + ": "
                        + (e.getValue() instanceof JsonString text
                            ? text.getString()
                            : e.getValue().toString()))
            .collect(Collectors.joining(", "));
      } catch (RuntimeException notAnObject) {
        return state;
      }
    }

    public long getId() {
      return id;
    }

    public String getTime() {
      return time;
    }

    public String getActor() {
      return actor;
    }

    public String getAction() {
      return action;
    }

    public String getTarget() {
      return target;
    }

    public String getBefore() {
      return before;
    }

    public String getAfter() {
      return after;
    }

    public String getClientAddress() {
      return clientAddress;
    }
  }
}
