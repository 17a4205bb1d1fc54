using System.Text;
using Panlong.Portal.Features.Services;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>A material's type is what its content is (issue 15): a PDF header and end marker around something else is no PDF.</summary>
public class MaterialSniffTests
{
    [Fact]
    public void HtmlDressedAsAPdf_IsNoKnownType()
    {
        var html = Encoding.ASCII.GetBytes("%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n");

        Assert.Null(MaterialStore.Sniff(html));
    }

    [Fact]
    public void PdfWithoutPages_IsNoKnownType()
    {
        var empty = Encoding.ASCII.GetString(TestPdfs.Minimal("x")).Replace("/Count 1", "/Count 0", StringComparison.Ordinal)
            .Replace("/Kids [3 0 R]", "/Kids []", StringComparison.Ordinal);

        Assert.Null(MaterialStore.Sniff(Encoding.ASCII.GetBytes(empty)));
    }

    [Fact]
    public void RealPdf_IsAPdf() => Assert.Equal("application/pdf", MaterialStore.Sniff(TestPdfs.Minimal("licence")));
}
