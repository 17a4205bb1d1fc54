using Panlong.Data;
using Panlong.Data.Services;
using Panlong.Portal.Features.Documents;
using SkiaSharp;

namespace Panlong.Portal.Features.Services;

/// <summary>
/// What a service document says: the title ("受理通知书"), its number ("盘政服〔2026〕受 BJ2026112700001 号"), the
/// application, the addressee, facts drawn as a two-column table, body paragraphs, and the absolute URL its QR code
/// encodes (the progress page, or the public verify page of a certificate).
/// </summary>
public sealed record ServiceDocumentContent(
    ServiceDocumentKind Kind,
    string Title,
    string DocumentNumber,
    string ApplicationNumber,
    string ServiceName,
    string ApplicantName,
    string IssuerName,
    DateTimeOffset IssuedAt,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    IReadOnlyList<string> Paragraphs,
    string QrPayload,
    string QrCaption);

/// <summary>
/// The PDF of a service document (受理回执, notices, decisions, certificates) on A4: issuer, title, number, addressee,
/// body, facts, then the QR code with its caption and printed URL beside the issuer and date at the foot of the page.
/// A certificate gets a red border and a seal ring.
/// </summary>
public sealed class ServiceDocumentRenderer(PdfFonts fonts)
{
    public const float QrSize = 100;

    private static readonly SKColor CertificateRed = new(0xB4, 0x1E, 0x24);

    public byte[] Render(ServiceDocumentContent content)
    {
        var face = fonts.Typeface ?? throw new InvalidOperationException(fonts.Problem);
        var certificate = content.Kind == ServiceDocumentKind.Certificate;
        using var pdf = new PdfBuilder(face, new PdfMetadata(content.Title, content.IssuerName, content.ServiceName, content.ApplicationNumber));
        if (certificate)
        {
            pdf.Frame(CertificateRed).Space(12);
        }
        pdf.Paragraph(content.IssuerName, 15, PdfAlign.Center)
           .Heading(content.Title, certificate ? 28 : 22, PdfAlign.Center)
           .Paragraph(content.DocumentNumber, 10.5f, PdfAlign.Right)
           .Space(8)
           .Paragraph($"{content.ApplicantName}：", 12);
        foreach (var paragraph in content.Paragraphs)
        {
            // Body paragraphs start two characters in (首行缩进两字).
            pdf.Paragraph($"\u3000\u3000{paragraph}", 12);
        }
        if (content.Facts.Count > 0)
        {
            pdf.Space(4).Table(["项目", "内容"], [1, 2.6f], content.Facts.Select(f => (IReadOnlyList<string>)[f.Key, f.Value]), 10.5f);
        }
        pdf.Space(12).Signature(
            [content.IssuerName, ChinaTime.ChineseDate(content.IssuedAt)],
            new PdfQr(content.QrPayload, QrSize, $"{content.QrCaption}\n{content.QrPayload}"),
            seal: certificate ? content.IssuerName : null);
        return pdf.Build();
    }
}
