using System.Net.Http.Json;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Which SMS sender the portal uses: in Development the log (and the /dev/sms page); elsewhere the gateway at
/// <c>Sms:WebhookUrl</c>, and without one SMS is off — accounts are then activated at a window only.
/// </summary>
public static class SmsSetup
{
    public const string WebhookSetting = "Sms:WebhookUrl";

    public static IHostApplicationBuilder AddSms(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Environment.IsDevelopment())
        {
            services.AddSingleton<LoggingSmsSender>();
            services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<LoggingSmsSender>());
        }
        else if (Uri.TryCreate(builder.Configuration[WebhookSetting], UriKind.Absolute, out var url))
        {
            var token = builder.Configuration["Sms:WebhookToken"];
            services.AddHttpClient<ISmsSender, WebhookSmsSender>(client =>
            {
                client.BaseAddress = url;
                client.Timeout = TimeSpan.FromSeconds(10);
                if (!string.IsNullOrEmpty(token))
                {
                    client.DefaultRequestHeaders.Authorization = new("Bearer", token);
                }
            });
        }
        services.AddSingleton(sp => new SmsChannel(sp.GetService<ISmsSender>()));
        services.AddSingleton<SmsOutbox>();
        return builder;
    }

    /// <summary>Development only: the codes the log sender "sent", so a tester can register without a phone.</summary>
    public static void MapDevSms(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapGet("/dev/sms", DevPage).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static ContentHttpResult DevPage(LoggingSmsSender sender, HtmlEncoder encoder)
    {
        var rows = string.Concat(sender.Recent.Select(m =>
            $"<tr><td>{m.At.ToOffset(Data.ChinaTime.Offset):yyyy-MM-dd HH:mm:ss}</td><td data-testid=\"sms-phone\">{encoder.Encode(m.Phone)}</td><td data-testid=\"sms-text\">{encoder.Encode(m.Text)}</td></tr>"));
        return TypedResults.Content($"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>开发用短信</title></head>
            <body><h1>开发用短信（仅 Development）</h1><table><thead><tr><th>时间</th><th>手机</th><th>内容</th></tr></thead><tbody>{rows}</tbody></table></body></html>
            """, "text/html; charset=utf-8");
    }
}

/// <summary>A gateway reached by an HTTP POST of <c>{"phone":…,"text":…}</c> (the government SMS platform's interface, or a relay to a carrier's).</summary>
public sealed class WebhookSmsSender(HttpClient client) : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("", new { phone, text }, ct);
        response.EnsureSuccessStatusCode();
    }
}
