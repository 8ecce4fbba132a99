package dev.portcullis.org.web;

import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Project;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.CurrentUser;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The console's home: the user's organizations, their role there and the projects they reach. */
@Named
@ViewScoped
public class HomeView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject OrganizationService organizations;

  @Inject ProjectService projects;

  @Inject CurrentUser currentUser;

  private List<OrganizationCard> cards = List.of();

  public void load() {
    Actor actor = currentUser.actor();
    List<OrganizationCard> list = new ArrayList<>();
    for (Membership m : organizations.membershipsOf(actor.userId())) {
      if (!m.isActive() || !m.getUser().isActive()) {
        continue;
      }
      String orgId = m.getOrganization().getId();
      List<String> reachable;
      try {
        reachable =
            projects.reachableProjects(actor, orgId).stream().map(Project::getName).toList();
      } catch (ServiceException e) {
        reachable = List.of();
      }
      list.add(
          new OrganizationCard(
              orgId,
              m.getOrganization().getName(),
              Labels.plan(m.getOrganization().getPlan()),
              Labels.effectiveRole(m),
              m.canAdminister(),
              reachable));
    }
    cards = List.copyOf(list);
  }

  public List<OrganizationCard> getCards() {
    return cards;
  }

  /** One organization as the home page shows it. */
  public static final class OrganizationCard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String name;
    private final String plan;
    private final String role;
    private final boolean administrator;
    private final List<String> projects;

    OrganizationCard(
        String id,
        String name,
        String plan,
        String role,
        boolean administrator,
        List<String> projects) {
      this.id = id;
      this.name = name;
      this.plan = plan;
      this.role = role;
      this.administrator = administrator;
      this.projects = List.copyOf(projects);
    }

    public String getId() {
      return id;
    }

    public String getName() {
      return name;
    }

    public String getPlan() {
      return plan;
    }

    public String getRole() {
      return role;
    }

    public boolean isAdministrator() {
      return administrator;
    }

    public List<String> getProjects() {
      return projects;
    }
  }
}
