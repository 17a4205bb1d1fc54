using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Portal.Features.Documents;

namespace Panlong.Portal.Features.Community;

/// <summary>The monthly statement of one 爱心超市 as PDF through the shared <see cref="PdfBuilder"/> (docs/decisions/0054-supermarket.md).</summary>
public sealed class SupermarketStatementRenderer(PdfFonts fonts, IStringLocalizer<Resources.SharedResource> L)
{
    /// <summary>The statement's figures in order; the Excel summary sheet and the PDF table show the same list.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Figures(SupermarketStatement s, IStringLocalizer L) =>
    [
        new(L["Supermarket.Statement.Redemptions"], s.Redemptions),
        new(L["Supermarket.Statement.RedeemedBeans"], s.RedeemedBeans),
        new(L["Supermarket.Statement.HandOvers"], s.HandOvers),
        new(L["Supermarket.Statement.Cancellations"], s.Cancellations),
        new(L["Supermarket.Statement.RefundedBeans"], s.RefundedBeans),
        new(L["Supermarket.Statement.BeansReceived"], s.BeansReceived),
        new(L["Supermarket.Statement.StockMovements"], s.Movements.Count),
    ];

    public byte[] Render(SupermarketStatement s)
    {
        var face = fonts.Typeface ?? throw new InvalidOperationException(fonts.Problem);
        var title = $"{s.CommunityName} {L["Supermarket.Title"]} {s.Year}-{s.Month:00}";
        using var pdf = new PdfBuilder(face, new PdfMetadata(title, s.CommunityName, L["Supermarket.Statement.Title"]), title);
        pdf.Heading(title).Paragraph(L["Supermarket.Statement.Title"])
           .Table([L["Supermarket.Statement.Item"], L["Supermarket.Statement.Value"]], [3, 1],
               Figures(s, L).Select(f => (IReadOnlyList<string>)[f.Key, f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]), align: [PdfAlign.Left, PdfAlign.Right])
           .Space(10).Heading(L["Supermarket.Orders"], 14)
           .Table([L["Supermarket.Statement.Time"], L["Supermarket.Goods.Name"], L["Supermarket.Quantity"], L["Supermarket.Beans"], L["Supermarket.Order.Status"], L["Supermarket.Volunteer"]],
               [1.6f, 2, 0.7f, 0.8f, 1, 1.2f],
               s.Orders.Select(o => (IReadOnlyList<string>)[ChinaTime.FormatMinutes(o.CreatedAt), o.GoodsName, o.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                   o.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), L["Supermarket.Order.Status." + o.Status], o.VolunteerCode]), 9)
           .Space(10).Heading(L["Supermarket.Stock.Movements"], 14)
           .Table([L["Supermarket.Statement.Time"], L["Supermarket.Goods.Name"], L["Supermarket.Stock.Kind"], L["Supermarket.Stock.Delta"], L["Supermarket.Stock.Reason"]],
               [1.6f, 2, 1, 0.7f, 2.4f],
               s.Movements.Select(m => (IReadOnlyList<string>)[ChinaTime.FormatMinutes(m.At), m.GoodsName, L["Supermarket.Stock.Kind." + m.Kind],
                   m.Delta.ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture), m.Reason ?? ""]), 9);
        return pdf.Build();
    }
}
