using Microsoft.Extensions.Diagnostics.HealthChecks;
using SkiaSharp;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// The CJK face every PDF uses: an OpenType (CFF) face, which SkiaSharp subsets (about 100 KB for 20 pages of
/// Chinese), found by <c>Reports:FontFile</c> or the installed "Noto Sans CJK SC" (Debian: fonts-noto-cjk). TrueType
/// CJK faces would be embedded whole (2–6 MB), so none is picked silently.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1724", Justification = "PdfPig (which checks uploaded PDFs) has a namespace of this name; ours is the older and clearer one.")]
public sealed class PdfFonts : IDisposable
{
    public const string FontSetting = "Reports:FontFile";
    public const string Family = "Noto Sans CJK SC";

    private readonly SKTypeface? _found;
    private readonly Lazy<SKTypeface?> _clean;

    public PdfFonts(IConfiguration configuration)
    {
        var file = configuration[FontSetting];
        if (!string.IsNullOrWhiteSpace(file))
        {
            _found = File.Exists(file) ? SKTypeface.FromFile(file) : null;
            Problem = _found is null ? $"{FontSetting}={file} 不存在或不是字体文件。 ({FontSetting} does not name a readable font file.)" : null;
        }
        else
        {
            var found = SKFontManager.Default.MatchFamily(Family);
            if (found is not null && found.FamilyName == Family)
            {
                _found = found;
            }
            else
            {
                found?.Dispose();
                Problem = $"缺少中文字体 {Family}：请安装 Debian 软件包 fonts-noto-cjk，或用 {FontSetting} 指定一个 OpenType (CFF) 字体文件。 " +
                          $"(The Chinese font {Family} is missing: install fonts-noto-cjk or set {FontSetting}.)";
            }
        }
        // Made once, on the first document (about 1.5 s for Noto Sans CJK): the face without radical code points.
        _clean = new Lazy<SKTypeface?>(() => _found is null ? null : CleanCjkFace.From(_found) ?? _found);
    }

    /// <summary>Null when no usable face was found; <see cref="Problem"/> then says what to install or set.</summary>
    public SKTypeface? Typeface => _clean.Value;

    public string? Problem { get; }

    public void Dispose()
    {
        if (_clean.IsValueCreated && !ReferenceEquals(_clean.Value, _found))
        {
            _clean.Value?.Dispose();
        }
        _found?.Dispose();
    }
}

/// <summary>/health/ready reports a missing font as degraded, with the sentence that says how to fix it.</summary>
public sealed class PdfFontHealthCheck(PdfFonts fonts) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(fonts.Problem is null ? HealthCheckResult.Healthy(PdfFonts.Family) : HealthCheckResult.Degraded(fonts.Problem));
}
