using Microsoft.Extensions.Configuration;
using Panlong.Portal.Features.Documents;

namespace Panlong.Portal.Tests;

/// <summary>The installed CJK face, cleaned once for the whole class (about 1.5 s).</summary>
public sealed class InstalledPdfFonts : IDisposable
{
    public PdfFonts Fonts { get; } = new(new ConfigurationBuilder().Build());

    public void Dispose() => Fonts.Dispose();
}
