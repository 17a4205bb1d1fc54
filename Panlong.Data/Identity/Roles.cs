namespace Panlong.Data.Identity;

/// <summary>The roles of the platform (docs/domain.md §7).</summary>
public static class Roles
{
    public const string Resident = nameof(Resident);
    public const string Volunteer = nameof(Volunteer);
    public const string GridWorker = nameof(GridWorker);
    public const string Inspector = nameof(Inspector);
    public const string Supervisor = nameof(Supervisor);
    public const string Acceptor = nameof(Acceptor);
    public const string ShiftLead = nameof(ShiftLead);
    public const string Dispatcher = nameof(Dispatcher);
    public const string DepartmentHandler = nameof(DepartmentHandler);
    public const string WindowClerk = nameof(WindowClerk);
    public const string Approver = nameof(Approver);
    public const string Leader = nameof(Leader);
    public const string SystemAdmin = nameof(SystemAdmin);
    public const string SecurityAdmin = nameof(SecurityAdmin);
    public const string AuditAdmin = nameof(AuditAdmin);
    /// <summary>党组织工作人员: confirms 流动党员, publishes study materials and moderates their threads (docs/decisions/0053-party-study.md).</summary>
    public const string PartyOrganizer = nameof(PartyOrganizer);
    /// <summary>爱心超市 keeper of one community: goods, hand-over, stock-taking, statement (docs/decisions/0054-supermarket.md).</summary>
    public const string SupermarketKeeper = nameof(SupermarketKeeper);
    /// <summary>治安巡防员 of a street or community: patrols with the phone's position on (docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
    public const string SecurityPatroller = nameof(SecurityPatroller);
    /// <summary>区督察员: spot-checks the inspectors' areas by plan and reports what they missed to the district (docs/decisions/0074-spot-checks.md).</summary>
    public const string SpotChecker = nameof(SpotChecker);

    public static readonly IReadOnlyList<string> All =
    [
        Resident, Volunteer, GridWorker, Inspector, Supervisor, Acceptor, ShiftLead, Dispatcher,
        DepartmentHandler, WindowClerk, Approver, Leader, SystemAdmin, SecurityAdmin, AuditAdmin, PartyOrganizer, SupermarketKeeper, SecurityPatroller, SpotChecker,
    ];

    /// <summary>MLPS level 3 (等保三级) separates the system, security and audit administrators ("三员分立").</summary>
    public static readonly IReadOnlyList<string> Administrators = [SystemAdmin, SecurityAdmin, AuditAdmin];

    /// <summary>
    /// Roles no single administrator grants or removes in the portal: a second administrator approves the change, or the
    /// server's <c>create-admin</c> command makes it (docs/decisions/0030-admin-two-person-rule.md).
    /// </summary>
    public static readonly IReadOnlyList<string> TwoPersonRoles = [SystemAdmin, SecurityAdmin, AuditAdmin, Leader];

    /// <summary>Roles that work inside the org tree and need an org unit.</summary>
    public static readonly IReadOnlyList<string> Staff =
    [
        GridWorker, Inspector, Supervisor, Acceptor, ShiftLead, Dispatcher, DepartmentHandler,
        WindowClerk, Approver, Leader, SystemAdmin, SecurityAdmin, AuditAdmin, PartyOrganizer, SupermarketKeeper, SecurityPatroller, SpotChecker,
    ];

    /// <summary>Comma lists for [Authorize(Roles = …)].</summary>
    public const string OrganizationViewers =
        "GridWorker,Inspector,Supervisor,Acceptor,ShiftLead,Dispatcher,DepartmentHandler,WindowClerk,Approver,Leader,SystemAdmin";

    /// <summary>
    /// The map and grid pages (regions, population, buildings, open cases): the organization's viewers but the system
    /// administrator, who manages the tree but reads no business data (docs/decisions/0030-admin-two-person-rule.md).
    /// </summary>
    public const string MapViewers =
        "GridWorker,Inspector,Supervisor,Acceptor,ShiftLead,Dispatcher,DepartmentHandler,WindowClerk,Approver,Leader";

    /// <summary>Everyone who can receive work tasks: all but the three administrators.</summary>
    public const string TaskWorkers =
        "Resident,Volunteer,GridWorker,Inspector,Supervisor,Acceptor,ShiftLead,Dispatcher,DepartmentHandler,WindowClerk,Approver,Leader";

    /// <summary>Who reads the basic registries (人口、法人、房屋) of their area.</summary>
    public const string RegistryViewers = "GridWorker,Supervisor,Inspector,WindowClerk,Leader";

    /// <summary>Who collects and edits registry records: the grid staff, door to door.</summary>
    public const string RegistryEditors = "GridWorker,Supervisor";

    /// <summary>Who reports cases: field staff, volunteers and residents, and acceptors taking hotline calls.</summary>
    public const string CaseReporters = "Inspector,Supervisor,GridWorker,SecurityPatroller,Volunteer,Resident,Acceptor";

    /// <summary>Who has a case desk: everyone who reports, works on or oversees cases.</summary>
    public const string CaseDeskUsers = "Inspector,Supervisor,GridWorker,SecurityPatroller,Volunteer,Resident,Acceptor,ShiftLead,Dispatcher,DepartmentHandler,Leader";

    /// <summary>Who fills in application forms: applicants themselves, and window clerks for walk-ins.</summary>
    public const string ServiceApplicants = "Resident,WindowClerk";

    /// <summary>Who works on applications as staff, and reads the service statistics of their own area.</summary>
    public const string ServiceStaff = "WindowClerk,Approver,Leader";

    /// <summary>Who watches the command center's live board.</summary>
    public const string CaseBoardViewers = "Acceptor,ShiftLead,Dispatcher,Leader";

    /// <summary>Who may reveal a full ID number or phone (each reveal is audited); everyone else sees them masked.</summary>
    public static readonly IReadOnlyList<string> PersonalDataRevealers = [GridWorker, Supervisor, WindowClerk];

    /// <summary>Who may reveal an application form's field marked personal (a bank account…), each reveal audited: the window and the approver.</summary>
    public static readonly IReadOnlyList<string> FormFieldRevealers = [WindowClerk, Approver];

    /// <summary>Comprehensive-governance (综治) roles: the only ones who see the 重点人员 mark.</summary>
    public static readonly IReadOnlyList<string> GovernanceViewers = [GridWorker, Supervisor, Leader];

    /// <summary>Whether the user holds one of the roles of a comma list such as <see cref="RegistryEditors"/>.</summary>
    public static bool HoldsAny(this System.Security.Claims.ClaimsPrincipal user, string roles) => roles.Split(',').Any(user.IsInRole);

    public static bool IsKnown(string role) => All.Contains(role);

    /// <summary>Refuses role sets that break the separation of the three administrators.</summary>
    public static string? CheckSeparation(IReadOnlyCollection<string> roles)
    {
        var admins = roles.Where(r => Administrators.Contains(r)).ToList();
        if (admins.Count > 1)
        {
            return "RoleSeparation.TwoAdmins";
        }
        if (admins.Count == 1 && roles.Count > 1)
        {
            return "RoleSeparation.AdminWithBusinessRole";
        }
        return null;
    }
}
