using System.Globalization;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Incidents;
using Panlong.Portal.Features.Documents;
using Panlong.Workflows.Incidents;

namespace Panlong.Portal.Features.Incidents;

/// <summary>
/// The incident report made at closing with the project's PDF toolkit (docs/decisions/0075-major-incident-command.md): the
/// incident and its position, the units and their arrival, every order with its acknowledgement and report back, and the
/// whole timeline. It is a record of the government's work and is issued in Chinese whatever the closer's language.
/// </summary>
public sealed class IncidentReportRenderer(PdfFonts fonts, IStringLocalizer<Resources.SharedResource> L)
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public byte[] Render(IncidentRecord record)
    {
        var face = fonts.Typeface ?? throw new InvalidOperationException(fonts.Problem);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        try
        {
            return Build(face, record);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private byte[] Build(SkiaSharp.SKTypeface face, IncidentRecord record)
    {
        var i = record.Incident;
        var title = $"{L["Incidents.Report.Title"]} {i.Number}";
        using var pdf = new PdfBuilder(face, new PdfMetadata(title, L["App.Title"], L["Incidents.Report.Title"]), title);
        static string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.FormatMinutes(t) : "—";
        pdf.Heading(title)
           .Table([L["Incidents.Report.Item"], L["Incidents.Report.Value"]], [1, 3],
           [
               [L["Incidents.Case"], i.CaseNumber],
               [L["Incidents.Description"], i.Description],
               [L["Incidents.Address"], i.Address ?? "—"],
               [L["Incidents.Position"], FormattableString.Invariant($"{i.Lat:F6}, {i.Lng:F6}")],
               [L["Incidents.RaisedAt"], $"{Time(i.RaisedAt)} {i.RaisedByName}"],
               [L["Incidents.ClosedAt"], $"{Time(i.ClosedAt)} {i.ClosedByName}"],
               [L["Incidents.Summary"], i.Summary ?? "—"],
           ])
           .Space(8).Heading(L["Incidents.Units"], 14)
           .Table([L["Incidents.Unit"], L["Incidents.Unit.Role"], L["Incidents.Unit.Arrived"], L["Incidents.Position"]], [2.4f, 1, 1.4f, 1.8f],
               record.Units.Select(u => (IReadOnlyList<string>)[u.UnitName, u.IsLead ? L["Incidents.Unit.Lead"] : L["Incidents.Unit.Involved"],
                   Time(u.ArrivedAt), u.ArrivedLat is { } la && u.ArrivedLng is { } ln ? FormattableString.Invariant($"{la:F5}, {ln:F5}") : "—"]), 9)
           .Space(8).Heading(L["Incidents.Orders"], 14)
           .Table([L["Incidents.Order.GivenAt"], L["Incidents.Unit"], L["Incidents.Order.Text"], L["Incidents.Order.Acknowledged"], L["Incidents.Order.Reported"],
                   L["Incidents.Order.State"]], [1.3f, 1.6f, 2.2f, 1.5f, 2.2f, 1],
               record.Orders.Select(o => (IReadOnlyList<string>)[Time(o.GivenAt), o.UnitName, $"{o.Text}（{o.Minutes} 分钟）",
                   o.AcknowledgedAt is null ? "—" : $"{Time(o.AcknowledgedAt)} {o.AcknowledgedByName}",
                   o.ReportedAt is null ? "—" : $"{Time(o.ReportedAt)} {o.ReportedByName}：{o.Report}", State(o)]), 9)
           .Space(8).Heading(L["Incidents.Timeline"], 14)
           .Table([L["Incidents.Log.At"], L["Incidents.Log.Kind"], L["Incidents.Unit"], L["Incidents.Log.Actor"], L["Incidents.Log.Text"]], [1.3f, 1, 1.7f, 1, 3.2f],
               record.Entries.Select(e => (IReadOnlyList<string>)[Time(e.At), L["Incidents.Log." + e.Kind], e.UnitName ?? "—", e.ActorName, e.Text]), 9);
        return pdf.Build();
    }

    /// <summary>How an order ended: reported back (late or in time), or withdrawn at closing.</summary>
    private string State(IncidentOrder o) => o.State switch
    {
        IncidentContract.Done => o.ReportedAt > o.DueAt ? L["Incidents.Order.Late"] : L["Incidents.Order.Done"],
        IncidentContract.Withdrawn => L["Incidents.Order.Withdrawn"],
        _ => L["Incidents.Order.Open"],
    };
}
