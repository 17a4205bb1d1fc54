using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Incidents;

/// <summary>The states and triggers of IncidentOrder.json that code names, and the incident's fixed figures (docs/decisions/0075-major-incident-command.md).</summary>
public static class IncidentContract
{
    public const string Key = "incident-order";
    public const string Subject = "incident-order";

    public const string Ordered = "Ordered";
    public const string Acting = "Acting";
    public const string Done = "Done";
    public const string Withdrawn = "Withdrawn";

    public const string Acknowledge = "Acknowledge";
    public const string Report = "Report";
    public const string Withdraw = "Withdraw";

    public const string UnitVariable = "unit";
    public const string MinutesVariable = "minutes";

    /// <summary>The change signal's subject of an incident's log: <c>incident:{id}</c>.</summary>
    public const string LogSubject = "incident";

    /// <summary>The outbox topics: the call-out at raising, and an order to a unit.</summary>
    public const string RaisedTopic = "incident.raised";
    public const string OrderTopic = "incident.order";

    /// <summary>Who commands (raises, orders, closes): the shift lead whose scope covers the incident.</summary>
    public const string Commanders = Roles.ShiftLead;

    /// <summary>Who may open an incident from a call: the acceptor, who reports the case as a hotline call.</summary>
    public const string CallTakers = Roles.Acceptor;

    /// <summary>The command center's roles that watch an incident room (and see patrollers' positions, as on the patrol map).</summary>
    public const string Watchers = "Acceptor,ShiftLead,Dispatcher,Leader";

    /// <summary>The incident pages: the command center and the units that are called (who acknowledge on the phone).</summary>
    public const string RoomUsers = "Acceptor,ShiftLead,Dispatcher,Leader,DepartmentHandler";

    /// <summary>An order's deadline in minutes (wall clock): short, as a major incident needs.</summary>
    public const int MinMinutes = 1;
    public const int MaxMinutes = 240;

    /// <summary>How far around the incident the room looks for patrollers and cameras.</summary>
    public const int RadiusMeters = 2000;

    public const string NumberLetters = "ZD";

    public static readonly ProcessContract Contract = new(Key, [Ordered, Acting, Done, Withdrawn], [Acknowledge, Report, Withdraw]);
}
