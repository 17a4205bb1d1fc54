using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using Panlong.Portal.Features.Community.Orders;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Tests.Features.Community.Orders;

/// <summary>
/// The live offers both /volunteer/orders and the volunteer's home hold (docs/decisions/0055-service-orders.md, 0061): an order
/// event re-reads the page, an offer gone without becoming the volunteer's own is told as taken, and a page left stops listening.
/// </summary>
public class OfferListenerTests : PortalComponentTest
{
    private readonly LiveUpdates _live = new(NullLogger<LiveUpdates>.Instance);

    public OfferListenerTests() => Services.AddSingleton(_live);

    [Fact]
    public void OrderEvent_ReReadsThePage_AndTellsTheOfferTakenBySomeoneElse_ButNotTheOneGrabbed()
    {
        long[] offered = [11, 12, 13];
        long[] held = [11, 12, 13];
        var reloads = 0;
        Render<OfferListener>(p => p
            .Add(l => l.Offered, () => offered)
            .Add(l => l.Held, () => held)
            .Add(l => l.Reload, () =>
            {
                reloads++;
                (offered, held) = ([13], [12, 13]);
            }));

        _live.Raise(LiveNotice.Order("530103001001"));

        Assert.Equal(1, reloads);
        var told = Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message).ToList();
        Assert.Equal(["订单 #11 已被他人抢走。"], told);
    }

    [Fact]
    public void LeftPage_NoLongerListens()
    {
        var reloads = 0;
        var listener = Render<OfferListener>(p => p
            .Add(l => l.Offered, () => [])
            .Add(l => l.Held, () => [])
            .Add(l => l.Reload, () => reloads++));

        listener.Instance.Dispose();
        _live.Raise(LiveNotice.Order(LiveNotice.Any));

        Assert.Equal(0, reloads);
    }
}
