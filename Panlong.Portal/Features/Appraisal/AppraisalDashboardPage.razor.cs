using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>
/// 考核看板: the period and region come from the query string (so a view can be bookmarked and sent), and the region is
/// looked up among the user's own regions — a URL naming another street is refused, not computed.
/// </summary>
public sealed partial class AppraisalDashboardPage : IDisposable
{
    private sealed record FigureLink(string Label, string Value, AppraisalDrill Drill, string TestId, string? Note = null);

    [Inject] private AppraisalQueries Queries { get; set; } = default!;
    [Inject] private AppraisalReports Reports { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "scope")] public string? Scope { get; set; }

    private IReadOnlyList<AppraisalRegion> _regions = [];
    private AppraisalRegion? _region;
    private AppraisalPeriodKind _kind;
    private AppraisalPeriod _period = AppraisalPeriods.Of(AppraisalPeriodKind.Year, DateOnly.MinValue);
    private DateOnly _today;
    private bool _denied, _requesting, _regionsRead;
    private AppraisalView? _view;
    private (string Period, string Scope)? _shown;
    private CancellationTokenSource? _loading;
    private IReadOnlyList<AppraisalRanking> _rankings = [];
    private List<ChartSeries<double>> _trend = [], _totals = [];
    private string[] _trendLabels = [], _totalLabels = [];
    private LineChartOptions _trendOptions = new();
    // A single month's trend is one point, drawn as bars: MudBlazor 9 draws a bar chart only with bar-chart options.
    private BarChartOptions _trendBarOptions = new();
    private StackedBarChartOptions _totalOptions = new();

    private string PeriodName => AppraisalPeriods.Name(_kind, _period);
    private IReadOnlyList<AppraisalRegion> TopChoices => _regions.Where(r => r.Kind != OrgUnitKind.Community || r.ScopePath == _regions[0].ScopePath).ToList();
    private AppraisalRegion? Street => _region?.Kind == OrgUnitKind.Street ? _region : _regions.FirstOrDefault(r => r.Kind == OrgUnitKind.Street && r.Code == _region?.ParentCode);
    private IEnumerable<AppraisalRegion> Communities => _regions.Where(r => r.Kind == OrgUnitKind.Community && r.ParentCode == Street?.Code);

    protected override async Task OnParametersSetAsync()
    {
        var scope = DataScope.For((await AuthState).User);
        _today = ChinaTime.Today(Clock);
        if (!_regionsRead)
        {
            _regions = await Queries.RegionsAsync(scope);
            _regionsRead = true;
        }
        (_kind, _period) = AppraisalPeriods.Parse(Period) ?? AppraisalPeriods.Parse(AppraisalLinks.DefaultPeriod(_today))!.Value;
        _region = AppraisalQueries.Resolve(_regions, scope, Scope);
        _denied = _region is null;
        // The prerendered copy shows the progress bar; only the live page computes.
        if (_region is null || !RendererInfo.IsInteractive)
        {
            return;
        }
        // The layout's re-render and a renewed sign-in set the parameters again: the same view is not computed twice.
        if (_shown == (PeriodName, _region.Code))
        {
            return;
        }
        _shown = (PeriodName, _region.Code);
        _rankings = AppraisalLinks.RankingsFor(_region.Kind);
        await LoadAsync(_period, _region);
    }

    private async Task LoadAsync(AppraisalPeriod period, AppraisalRegion region)
    {
        _loading?.Cancel();
        var loading = _loading = new CancellationTokenSource();
        _view = null;
        try
        {
            // SQLite's "async" calls complete synchronously: computing off the circuit keeps the page answering while it
            // takes its second or two, and a newer choice cancels this one.
            var view = await Task.Run(() => Queries.ComputeAsync(period, region, loading.Token), loading.Token);
            if (!loading.IsCancellationRequested)
            {
                _view = view;
                Chart(view);
            }
        }
        catch (OperationCanceledException) when (loading.IsCancellationRequested)
        {
            // A newer choice is loading.
        }
    }

    private void Chart(AppraisalView view)
    {
        // A year to date has no figures for the months still to come.
        var months = view.Result.Trend.Where(m => m.Month <= _today).ToList();
        _trendLabels = months.Select(m => CultureInfo.CurrentUICulture.DateTimeFormat.GetAbbreviatedMonthName(m.Month.Month)).ToArray();
        _trend =
        [
            new() { Name = L["Appraisal.Received"], Data = months.Select(m => (double)m.Received).ToArray() },
            new() { Name = L["Appraisal.Filed"], Data = months.Select(m => (double)m.Filed).ToArray() },
            // Each month's cohort (ADR 21): of the cases received in it, closed since — never more than were received.
            new() { Name = L["Appraisal.Trend.Closed"], Data = months.Select(m => (double)m.Closed).ToArray() },
            new() { Name = L["Appraisal.Trend.ClosedOnTime"], Data = months.Select(m => (double)m.ClosedOnTime).ToArray() },
        ];
        string[] palette = ["#1565c0", "#6a1b9a", "#2e7d32", "#ef6c00"];
        _trendOptions = new LineChartOptions { ShowDataMarkers = true, YAxisFormat = "N0", ChartPalette = palette };
        _trendBarOptions = new BarChartOptions { YAxisFormat = "N0", ChartPalette = palette };

        // Sub-regions' totals, one stacked series per grade so that every bar takes its grade's colour.
        var rows = AppraisalLinks.RowsOf(view.Result, _rankings[0]);
        var grades = view.Config.Bands.Where(b => rows.Any(r => r.Grade == b.Grade)).OrderBy(b => b.Grade).ToList();
        _totalLabels = rows.Select(r => r.Name).ToArray();
        _totals = grades.Select(b => new ChartSeries<double> { Name = L["Appraisal.GradeLegend", b.Grade], Data = rows.Select(r => r.Grade == b.Grade ? r.Total : 0).ToArray() }).ToList();
        _totalOptions = new StackedBarChartOptions
        {
            ChartPalette = grades.Select(b => b.Color).ToArray(), ShowZeroValues = false, YAxisSuggestedMax = 100, XAxisLabelRotation = rows.Count > 6 ? 45 : 0,
        };
    }

    private IEnumerable<FigureLink> Figures(CaseSummary s)
    {
        AppraisalDrill Drill(CaseFactKind kind, bool? onTime = null, bool? isPublic = null, bool due = false, bool? closed = null, bool? earlier = null) =>
            new(PeriodName, _region!.Code, kind, OnTime: onTime, Public: isPublic, Due: due, Closed: closed, Earlier: earlier);
        string N(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
        yield return new("Appraisal.Received", N(s.Received), Drill(CaseFactKind.Reported), "figure-received");
        yield return new("Appraisal.PublicReports", N(s.PublicReports), Drill(CaseFactKind.Reported, isPublic: true), "figure-public");
        yield return new("Appraisal.Filed", N(s.Filed), Drill(CaseFactKind.Filed), "figure-filed");
        // ADR 21, docs/appraisal.md: 结案率 counts 应结案 (the cases whose handling was due in the period); the cohort — of the
        // cases received in the period, those closed by now — is a share apart; older cases closed in it are only a count.
        yield return new("Appraisal.DueToClose", N(s.HandlingsDue), Drill(CaseFactKind.Handled, due: true), "figure-due-to-close");
        yield return new("Appraisal.Closed", N(s.Closed), Drill(CaseFactKind.Reported, closed: true), "figure-closed",
            L["Appraisal.CohortShare", AppraisalSentences.Cohort(s).Percent ?? Ratio.Missing].Value);
        yield return new("Appraisal.ClosedEarlier", N(s.ClosedEarlier), Drill(CaseFactKind.Closed, earlier: true), "figure-closed-earlier");
        yield return new("Appraisal.Reworked", N(s.Reworked), Drill(CaseFactKind.Reworked), "figure-reworked");
        // A rate opens the cases that missed it: due to close and not closed; due and late or still undone.
        yield return new("Appraisal.ClosureRate", s.ClosureOfDueRatio.ToString(),
            Drill(CaseFactKind.Handled, due: true, closed: false), "figure-closure");
        yield return new("Appraisal.FileOnTime", s.FileOnTimeRatio.ToString(), Drill(CaseFactKind.Filed, false, due: true), "figure-file-on-time");
        yield return new("Appraisal.DispatchOnTime", s.DispatchOnTimeRatio.ToString(), Drill(CaseFactKind.Dispatched, false, due: true), "figure-dispatch-on-time");
        yield return new("Appraisal.HandleOnTime", s.HandleOnTimeRatio.ToString(), Drill(CaseFactKind.Handled, false, due: true), "figure-handle-on-time");
        yield return new("Appraisal.CloseOnTime", s.CloseOnTimeRatio.ToString(), Drill(CaseFactKind.Handled, due: true), "figure-close-on-time");
    }

    /// <summary>What a rate's link opens, when it is not the figure's own cases.</summary>
    private string? NoteOf(AppraisalDrill drill) => drill switch
    {
        { OnTime: false } => L["Appraisal.SeeLate"].Value,
        { Closed: false, Due: true } => L["Appraisal.SeeDueNotClosed"].Value,
        { Closed: false } => L["Appraisal.SeeNotClosed"].Value,
        { Due: true, Kind: CaseFactKind.Handled, OnTime: null } => L["Appraisal.SeeDueToClose"].Value,
        _ => null,
    };

    private void KindChanged(AppraisalPeriodKind kind) => Go(AppraisalLinks.Choices(kind, _today)[0].Name, _region!.Code);

    private void Go(string period, string scope) => Navigation.NavigateTo(AppraisalLinks.Dashboard(period, scope));

    private async Task RequestReportAsync()
    {
        _requesting = true;
        var id = await Reports.RequestAsync(_kind, _period, _region!.ScopePath, (await AuthState).User);
        if (id is null)
        {
            _requesting = false;
            Snackbar.Add(L["Appraisal.ReportRefused"], Severity.Error);
            return;
        }
        Navigation.NavigateTo("/appraisal/reports");
    }

    public void Dispose()
    {
        _loading?.Cancel();
        _loading?.Dispose();
    }
}
