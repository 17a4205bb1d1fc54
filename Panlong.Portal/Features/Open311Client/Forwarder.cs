using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Open311;
using Panlong.Portal.Features.Webhooks;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Open311Client;

/// <summary>
/// Posts forwarded cases to their upstream GeoReport v2 server and polls their status back (docs/decisions/0093-open311-forwarding.md).
/// Each row is held by a lease while a node works on it, so nodes share the work; the HTTP client, its SSRF checks, timeout
/// and backoff are the webhooks' (ADR 90). A failure never loses the case: it is retried, and the dispatcher reads why on the
/// case's timeline (the loop's <c>UpstreamNote</c>, once per new error, not once per retry).
/// </summary>
public sealed class Forwarder(IDbContextFactory<PanlongDbContext> dbFactory, IHttpClientFactory http, WebhookSettings webhooks, IConfiguration configuration,
    IDataProtectionProvider protection, WorkflowRunner runner, IChangeSignal signal, TimeProvider clock, ILogger<Forwarder> logger)
{
    private const int Batch = 50;

    public TimeSpan SendInterval => TimeSpan.FromSeconds(configuration.GetValue("Open311Client:SendSeconds", 10));

    /// <summary>How long a sent case waits between two questions to the upstream.</summary>
    public TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Open311Client:PollSeconds", 300)));

    /// <summary>Random in [0, 1) for the backoff's jitter; a test sets it.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    private sealed record Due(long Id, long CaseId, int Attempts, string? LastError, string ServiceCode, string? ServiceRequestId, string? Token, DateTimeOffset ForwardedAt,
        string Number, Guid InstanceId, double Lat, double Lng, string? Address, string Description, string BaseUrl, string? JurisdictionId, string? ProtectedApiKey);

    private static IQueryable<Due> Pick(PanlongDbContext db, ForwardStatus status, DateTimeOffset now) => db.ForwardedCases.AsNoTracking()
        .Where(f => f.Status == status && f.NextAttemptAt <= now && (f.LeaseUntil == null || f.LeaseUntil < now) && f.Upstream!.IsActive)
        .OrderBy(f => f.NextAttemptAt).Take(Batch)
        .Select(f => new Due(f.Id, f.CaseId, f.Attempts, f.LastError, f.ServiceCode, f.ServiceRequestId, f.Token, f.ForwardedAt, f.Case!.Number, f.Case.InstanceId,
            f.Case.Lat, f.Case.Lng, f.Case.Address, f.Case.Description, f.Upstream!.BaseUrl, f.Upstream.JurisdictionId, f.Upstream.ProtectedApiKey));

    /// <summary>Takes the row for this node until a few timeouts from now; false when another node has it or it moved on.</summary>
    private async Task<bool> ClaimAsync(PanlongDbContext db, Due due, ForwardStatus status, DateTimeOffset now, CancellationToken ct) =>
        await db.ForwardedCases.Where(f => f.Id == due.Id && f.Status == status && f.Attempts == due.Attempts && (f.LeaseUntil == null || f.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LeaseUntil, now + webhooks.Timeout * 3), ct) == 1;

    /// <summary>Posts the cases due; returns how many the upstream took.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var due in await Pick(db, ForwardStatus.Pending, now).ToListAsync(ct))
        {
            if (!await ClaimAsync(db, due, ForwardStatus.Pending, now, ct))
            {
                continue;
            }
            var answer = await CallAsync(HttpMethod.Post, $"{due.BaseUrl}/requests.json", PostFields(due), ct);
            var taken = answer.Body is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0 ? list[0] : (JsonElement?)null;
            var id = Text(taken, "service_request_id");
            var token = Text(taken, "token");
            var at = clock.GetUtcNow();
            if (answer.Error is null && (id is not null || token is not null))
            {
                sent++;
                await db.ForwardedCases.Where(f => f.Id == due.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, ForwardStatus.Sent)
                    .SetProperty(f => f.ServiceRequestId, Clip(id)).SetProperty(f => f.Token, Clip(token)).SetProperty(f => f.SentAt, at)
                    .SetProperty(f => f.Attempts, 0).SetProperty(f => f.NextAttemptAt, at + PollInterval).SetProperty(f => f.LastError, (string?)null)
                    .SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
                signal.Changed(CaseListener.Subject);
                continue;
            }
            await FailedAsync(db, due, answer.Error ?? "上级平台未返回单号 (no service_request_id or token)", retry: true, ct);
        }
        return sent;
    }

    private Dictionary<string, string> PostFields(Due due)
    {
        var fields = new Dictionary<string, string>
        {
            ["service_code"] = due.ServiceCode,
            ["lat"] = due.Lat.ToString("0.######", CultureInfo.InvariantCulture),
            ["long"] = due.Lng.ToString("0.######", CultureInfo.InvariantCulture),
            ["description"] = due.Description,
            // Not in the spec; servers that know it (ours, ADR 83) take a post repeated after a node died mid-send as the first one.
            ["client_key"] = $"{due.Number}-{due.ForwardedAt.ToUnixTimeSeconds()}",
        };
        if (!string.IsNullOrEmpty(due.Address))
        {
            fields["address_string"] = due.Address;
        }
        return WithKey(fields, due);
    }

    private Dictionary<string, string> WithKey(Dictionary<string, string> fields, Due due)
    {
        if (due.JurisdictionId is not null)
        {
            fields["jurisdiction_id"] = due.JurisdictionId;
        }
        if (due.ProtectedApiKey is not null)
        {
            fields["api_key"] = protection.CreateProtector(Upstreams.Purpose).Unprotect(due.ProtectedApiKey);
        }
        return fields;
    }

    /// <summary>Asks the upstream about the sent cases due; closes those it closed. Returns how many were closed.</summary>
    public async Task<int> PollAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var claimed = new List<Due>();
        foreach (var due in await Pick(db, ForwardStatus.Sent, now).ToListAsync(ct))
        {
            if (await ClaimAsync(db, due, ForwardStatus.Sent, now, ct))
            {
                claimed.Add(due);
            }
        }
        foreach (var queued in claimed.Where(d => d.ServiceRequestId is null && d.Token is not null).ToList())
        {
            claimed.Remove(queued);
            var answer = await CallAsync(HttpMethod.Get, $"{queued.BaseUrl}/tokens/{Uri.EscapeDataString(queued.Token!)}.json", WithKey([], queued), ct);
            var id = answer.Body is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0 ? Text(list[0], "service_request_id") : null;
            if (answer.Error is not null)
            {
                await FailedAsync(db, queued, answer.Error, retry: false, ct);
                continue;
            }
            // Still queued upstream (no id yet): asked again at the next poll.
            await db.ForwardedCases.Where(f => f.Id == queued.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.ServiceRequestId, Clip(id))
                .SetProperty(f => f.NextAttemptAt, id is null ? clock.GetUtcNow() + PollInterval : now).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
        }
        var closed = 0;
        foreach (var group in claimed.GroupBy(d => (d.BaseUrl, d.JurisdictionId, d.ProtectedApiKey)))
        {
            var rows = group.ToList();
            var fields = WithKey(new Dictionary<string, string> { ["service_request_id"] = string.Join(',', rows.Select(r => r.ServiceRequestId)) }, rows[0]);
            var answer = await CallAsync(HttpMethod.Get, $"{rows[0].BaseUrl}/requests.json", fields, ct);
            var statuses = answer.Body is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Where(r => Text(r, "service_request_id") is not null).GroupBy(r => Text(r, "service_request_id")!).ToDictionary(g => g.Key, g => g.First())
                : null;
            foreach (var row in rows)
            {
                if (answer.Error is not null || statuses is null)
                {
                    await FailedAsync(db, row, answer.Error ?? "上级平台答复无法解析 (not a request list)", retry: false, ct);
                }
                else if (statuses.TryGetValue(row.ServiceRequestId!, out var request) && Text(request, "status") == "closed")
                {
                    closed += await CloseAsync(row, Text(request, "status_notes"), ct) ? 1 : 0;
                }
                else
                {
                    await db.ForwardedCases.Where(f => f.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.NextAttemptAt, clock.GetUtcNow() + PollInterval)
                        .SetProperty(f => f.LastError, (string?)null).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
                }
            }
        }
        return closed;
    }

    /// <summary>上级平台办结 as the system, the upstream's notes the comment; the row closes in the same save.</summary>
    private async Task<bool> CloseAsync(Due row, string? notes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.ProcessInstances.AsNoTracking().Where(i => i.Id == row.InstanceId).Select(i => i.Version).SingleAsync(ct);
        var forwarded = await db.ForwardedCases.SingleAsync(f => f.Id == row.Id, ct);
        forwarded.Status = ForwardStatus.Closed;
        forwarded.ClosedAt = clock.GetUtcNow();
        forwarded.LeaseUntil = null;
        var comment = string.IsNullOrWhiteSpace(notes) ? "上级平台已办结" : Clip(notes.Trim(), 500)!;
        var result = await runner.FireAsync(db, row.InstanceId, version, CaseLoopContract.UpstreamClosed, WorkflowActor.System, new FireInput(comment), ct: ct);
        if (!result.Ok)
        {
            logger.LogWarning("Case {Number}: closing after the upstream closed it was refused ({Refusal})", row.Number, result.Refusal);
            return false;
        }
        signal.Changed(CaseListener.Subject);
        return true;
    }

    /// <summary>Keeps the row (retried after the webhooks' backoff when sending, at the next poll when asking) and tells the dispatcher once per new error.</summary>
    private async Task FailedAsync(PanlongDbContext db, Due due, string error, bool retry, CancellationToken ct)
    {
        error = Clip(error, ForwardedCase.ErrorLength)!;
        var attempts = retry ? due.Attempts + 1 : due.Attempts;
        var at = clock.GetUtcNow();
        var next = at + (retry ? webhooks.DelayAfter(attempts, Jitter()) : PollInterval);
        await db.ForwardedCases.Where(f => f.Id == due.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.Attempts, attempts).SetProperty(f => f.NextAttemptAt, next)
            .SetProperty(f => f.LastError, error).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
        if (error == due.LastError)
        {
            return;
        }
        var note = retry
            ? $"转上级平台未成功（第 {attempts} 次）：{error}。系统将于 {ChinaTime.FormatMinutes(next)} 自动重试。"
            : $"查询上级平台办理状态未成功：{error}。系统将于 {ChinaTime.FormatMinutes(next)} 再次查询。";
        var version = await db.ProcessInstances.AsNoTracking().Where(i => i.Id == due.InstanceId).Select(i => i.Version).SingleAsync(ct);
        var result = await runner.FireAsync(due.InstanceId, version, CaseLoopContract.UpstreamNote, WorkflowActor.System, new FireInput(Clip(note, 500)), ct: ct);
        logger.LogInformation("Case {Number} upstream: {Error} (note {Outcome})", due.Number, error, result.Ok ? "written" : result.Refusal?.ToString());
    }

    private sealed record Answer(JsonElement? Body, string? Error);

    /// <summary>The upstream's JSON, or why there is none: its error list (the spec's <c>[{code, description}]</c>), a non-2xx status, a timeout, not JSON.</summary>
    private async Task<Answer> CallAsync(HttpMethod method, string url, Dictionary<string, string> fields, CancellationToken ct)
    {
        using var request = method == HttpMethod.Post
            ? new HttpRequestMessage(method, url) { Content = new FormUrlEncodedContent(fields) }
            : new HttpRequestMessage(method, url + "?" + string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(webhooks.Timeout);
        try
        {
            using var response = await http.CreateClient(WebhookDeliveries.HttpClientName).SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            JsonElement? body = null;
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
            }
            if (!response.IsSuccessStatusCode)
            {
                var described = body is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0 ? Text(errors[0], "description") : null;
                return new Answer(null, $"HTTP {(int)response.StatusCode}" + (described is null ? "" : $"：{described}"));
            }
            return body is null ? new Answer(null, $"HTTP {(int)response.StatusCode}：答复不是 JSON (malformed answer)") : new Answer(body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new Answer(null, ex is OperationCanceledException ? $"超时 (timeout after {webhooks.Timeout.TotalSeconds:0} s)" : ex.Message);
        }
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value)
            ? value.ValueKind switch { JsonValueKind.String => value.GetString(), JsonValueKind.Number => value.GetRawText(), _ => null }
            : null;

    private static string? Clip(string? text, int length = Open311Upstream.CodeLength) => text is null || text.Length <= length ? text : text[..length];
}

/// <summary>Every node, every <c>Open311Client:SendSeconds</c>: post what is due, ask about what was sent (each row claimed, so nodes share the work).</summary>
public sealed class ForwardJob(Forwarder forwarder) : PeriodicJob
{
    public override string Name => "open311-forward";

    public override TimeSpan Interval => forwarder.SendInterval;

    public override async Task RunAsync(CancellationToken ct)
    {
        await forwarder.SendDueAsync(ct);
        await forwarder.PollAsync(ct);
    }
}

public static class Open311ClientSetup
{
    /// <summary>Needs <see cref="WebhookSetup.AddWebhooks"/>: the same HTTP client, target checks and backoff.</summary>
    public static IServiceCollection AddOpen311Forwarding(this IServiceCollection services)
    {
        services.AddScoped<Upstreams>();
        services.AddSingleton<Forwarder>();
        return services.AddPeriodicJob<ForwardJob>();
    }
}
