using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Notifications;
using Panlong.Data.Providers;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Community;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>The 金豆 ledger's invariants (issue 18 part 2, docs/decisions/0052-volunteers-and-points-ledger.md).</summary>
public class PointLedgerTests
{
    private static PointLedger Ledger(TestEngine engine) => engine.Database.Get<PointLedger>();

    private static async Task<long> BalanceAsync(TestEngine engine, string volunteerCode)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var account = await PointLedger.VolunteerAccountAsync(db, volunteerCode);
        return await PointLedger.BalanceAsync(db, account!.Id);
    }

    private static async Task<OutboxMessage> CaseClosedMessageAsync(TestEngine engine, string userId, string caseNumber, string categoryCode = "10-01")
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var category = await db.CaseCategories.Where(c => c.Code == categoryCode).Select(c => c.Id).SingleAsync();
        var payload = JsonSerializer.Serialize(new { caseNumber, userId, categoryId = category, closedAt = engine.Clock.GetUtcNow() });
        var message = new OutboxMessage { Topic = CaseListener.PointsTopic, Recipient = PointsInbox.RecipientPrefix + userId, Title = "志愿者上报案件结案 " + caseNumber,
            Payload = payload, CreatedAt = engine.Clock.GetUtcNow() };
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    [Fact]
    public async Task Award_TheSameMessageDeliveredTwiceAndByTwoNodesAtOnce_AwardsOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        var message = await CaseClosedMessageAsync(engine, volunteer.UserId, "C1");
        var inbox = engine.Database.Get<PointsInbox>();

        var first = await inbox.HandleAsync(message);
        var again = await inbox.HandleAsync(message);
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => inbox.HandleAsync(message))));

        Assert.Equal(PointOutcome.Done, first.Outcome);
        Assert.Equal(PointOutcome.AlreadyDone, again.Outcome);
        Assert.All(racing, r => Assert.Equal(PointOutcome.AlreadyDone, r.Outcome));
        Assert.Equal(10, await BalanceAsync(engine, volunteer.Code));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Award_FirstDeliveredByTwoNodesAtOnce_AwardsOnce(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var volunteer = await VolunteerAsync(engine);
        var message = await CaseClosedMessageAsync(engine, volunteer.UserId, "C2", "G-02");
        var inbox = engine.Database.Get<PointsInbox>();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => inbox.HandleAsync(message))));

        Assert.Single(results, r => r.Outcome == PointOutcome.Done);
        Assert.All(results, r => Assert.True(r.Ok, r.Outcome.ToString()));
        Assert.Equal(50, await BalanceAsync(engine, volunteer.Code));
    }

    [Fact]
    public async Task DeliverPending_MarksTheMessageDelivered_AndANonVolunteersMessageWithItsReason()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        var message = await CaseClosedMessageAsync(engine, volunteer.UserId, "C3", "G-02");
        var stranger = await CaseClosedMessageAsync(engine, "not-a-volunteer", "C4");

        await engine.Database.Get<PointsInbox>().DeliverPendingAsync();
        await engine.Database.Get<PointsInbox>().DeliverPendingAsync();

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var rows = await db.OutboxMessages.Where(m => m.Id == message.Id || m.Id == stranger.Id).OrderBy(m => m.Id).ToListAsync();
        Assert.All(rows, m => Assert.NotNull(m.DeliveredAt));
        Assert.Equal((null, "NoAccount not a volunteer"), (rows[0].LastError, rows[1].LastError));
        Assert.Equal(50, await BalanceAsync(engine, volunteer.Code));
    }

    [Fact]
    public async Task Reverse_AfterAnAward_CompensatesWithANewMovement_AndTheAwardIsNotRepeated()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        var inbox = engine.Database.Get<PointsInbox>();
        var award = await CaseClosedMessageAsync(engine, volunteer.UserId, "C5", "G-02");
        await inbox.HandleAsync(award);
        var reversal = new OutboxMessage { Topic = PointsInbox.ReversedTopic, Recipient = "points:" + volunteer.UserId, Title = "撤销",
            Payload = JsonSerializer.Serialize(new { sourceType = "case", sourceId = "C5", reason = "案件作废" }) };

        var first = await inbox.HandleAsync(reversal);
        var second = await inbox.HandleAsync(reversal);
        var awardAgain = await inbox.HandleAsync(award);

        Assert.Equal((PointOutcome.Done, PointOutcome.AlreadyDone, PointOutcome.AlreadyDone), (first.Outcome, second.Outcome, awardAgain.Outcome));
        Assert.Equal(0, await BalanceAsync(engine, volunteer.Code));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var movements = await db.PointTransactions.Include(t => t.Entries).Where(t => t.SourceId == "C5").OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(["award", "reverse"], movements.Select(t => t.Action));
        Assert.Equal(movements[0].Id, movements[1].ReversesId);
        Assert.Equal(50, movements[0].Entries.Single(e => e.Amount > 0).Amount);
    }

    [Fact]
    public async Task Reverse_OfBeansAlreadySpent_TakesBackOnlyTheBalance_NeverBelowZero()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        await Ledger(engine).AwardAsync(volunteer.Code, 50, null, new PointSource("case", "C6"), "award", engine.Clock.GetUtcNow());
        await Ledger(engine).SpendAsync(volunteer.Code, 30, new PointSource("test-order", "1"), "兑换", null);

        var reversed = await Ledger(engine).ReverseAsync(new PointSource("case", "C6"), "案件重新打开", null);

        Assert.Equal((PointOutcome.Done, 20), (reversed.Outcome, reversed.Amount));
        Assert.Equal(0, await BalanceAsync(engine, volunteer.Code));
    }

    [Fact]
    public async Task Award_PastTheDailyCap_AwardsOnlyWhatTheCapLeaves()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        var now = engine.Clock.GetUtcNow();

        var a = await Ledger(engine).AwardAsync(volunteer.Code, 50, 80, new PointSource("case", "A"), "a", now);
        var b = await Ledger(engine).AwardAsync(volunteer.Code, 50, 80, new PointSource("case", "B"), "b", now);
        var c = await Ledger(engine).AwardAsync(volunteer.Code, 50, 80, new PointSource("case", "C"), "c", now);
        var nextDay = await Ledger(engine).AwardAsync(volunteer.Code, 50, 80, new PointSource("case", "D"), "d", now.AddDays(1));

        Assert.Equal((50, 30, PointOutcome.NothingToMove, 50), (a.Amount, b.Amount, c.Outcome, nextDay.Amount));
    }

    [Fact]
    public async Task Spend_MoreThanTheBalance_IsRefusedAndWritesNothing_AZeroOrNegativeAmountToo()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        await Ledger(engine).AwardAsync(volunteer.Code, 10, null, new PointSource("case", "E"), "e", engine.Clock.GetUtcNow());

        var tooMuch = await Ledger(engine).SpendAsync(volunteer.Code, 11, new PointSource("test-order", "2"), "兑换", null);
        var zero = await Ledger(engine).SpendAsync(volunteer.Code, 0, new PointSource("test-order", "3"), "兑换", null);
        var refused = await Ledger(engine).SpendAsync(volunteer.Code, 5, new PointSource("test-order", "4"), "兑换", null, (_, _) => Task.FromResult<string?>("库存不足"));

        Assert.Equal((PointOutcome.NotEnoughBeans, PointOutcome.InvalidAmount, PointOutcome.Refused), (tooMuch.Outcome, zero.Outcome, refused.Outcome));
        Assert.Equal(10, await BalanceAsync(engine, volunteer.Code));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.False(await db.PointTransactions.AnyAsync(t => t.Action == PointLedger.Spend));
    }

    [Fact]
    public async Task Spend_TheSameSourceTwice_DoubleClick_SpendsOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        await Ledger(engine).AwardAsync(volunteer.Code, 50, null, new PointSource("case", "F"), "f", engine.Clock.GetUtcNow());

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Ledger(engine).SpendAsync(volunteer.Code, 20, new PointSource("test-order", "9"), "兑换", null))));

        Assert.Single(clicks, c => c.Outcome == PointOutcome.Done);
        Assert.Equal(30, await BalanceAsync(engine, volunteer.Code));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Spend_NConcurrentSpendsOfOneAccount_NeverOverdraw(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var volunteer = await VolunteerAsync(engine);
        await Ledger(engine).AwardAsync(volunteer.Code, 100, null, new PointSource("case", "G"), "g", engine.Clock.GetUtcNow());

        // 16 spends of 15 beans against 100: exactly 6 can succeed.
        var spends = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Ledger(engine).SpendAsync(volunteer.Code, 15, new PointSource("test-order", $"N{i}"), "兑换", null))));

        Assert.Equal(6, spends.Count(s => s.Outcome == PointOutcome.Done));
        Assert.All(spends, s => Assert.Contains(s.Outcome, new[] { PointOutcome.Done, PointOutcome.NotEnoughBeans }));
        Assert.Equal(10, await BalanceAsync(engine, volunteer.Code));
        await AssertBalancedAsync(engine);
    }

    [Fact]
    public async Task Entries_ChangedOrDeletedThroughTheContext_AreRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        await Ledger(engine).AwardAsync(volunteer.Code, 10, null, new PointSource("case", "H"), "h", engine.Clock.GetUtcNow());
        await using var db = await engine.Database.Factory.CreateDbContextAsync();

        var entry = await db.PointEntries.FirstAsync();
        entry.Amount = 1000;
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.PointEntries.Remove(await db.PointEntries.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.PointTransactions.Remove(await db.PointTransactions.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Throws<InvalidOperationException>(() => PointLedger.Movement(new PointSource("x", "1"), "award", "m", null, DateTimeOffset.UtcNow, null, [(1, 5), (2, -4)]));
    }

    /// <summary>
    /// Property-style: a random sequence of awards, spends (some too large, some repeated) and reversals, with the
    /// invariants checked after every step — each movement sums to zero, a balance is the sum of its rows, and no
    /// volunteer's balance is ever negative — and the balances equal a model kept beside the ledger.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomAwardSpendReverseSequences_KeepTheLedgerInvariants(int seed)
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteers = new[] { await VolunteerAsync(engine, name: "甲"), await VolunteerAsync(engine, name: "乙"), await VolunteerAsync(engine, Gulou1, "丙") };
        var random = new Random(seed);
        var model = volunteers.ToDictionary(v => v.Code, _ => 0L);
        var awards = new List<(string Code, string Source, int Amount)>();
        var reversed = new HashSet<string>();
        for (var step = 0; step < 60; step++)
        {
            var v = volunteers[random.Next(volunteers.Length)].Code;
            switch (random.Next(3))
            {
                case 0:
                    var source = $"S{random.Next(40)}";
                    var points = random.Next(1, 60);
                    var awarded = await Ledger(engine).AwardAsync(v, points, null, new PointSource("case", source), "award", engine.Clock.GetUtcNow());
                    if (awarded.Outcome == PointOutcome.Done)
                    {
                        model[v] += points;
                        awards.Add((v, source, points));
                    }
                    break;
                case 1:
                    var amount = random.Next(1, 80);
                    var spent = await Ledger(engine).SpendAsync(v, amount, new PointSource("test-order", $"O{random.Next(50)}"), "兑换", null);
                    Assert.Equal(spent.Outcome == PointOutcome.NotEnoughBeans, model[v] < amount && spent.Outcome != PointOutcome.AlreadyDone);
                    if (spent.Outcome == PointOutcome.Done)
                    {
                        model[v] -= amount;
                    }
                    break;
                default:
                    if (awards.Count == 0)
                    {
                        break;
                    }
                    var (code, awardSource, awardedAmount) = awards[random.Next(awards.Count)];
                    var back = await Ledger(engine).ReverseAsync(new PointSource("case", awardSource), "撤销", null);
                    if (back.Outcome == PointOutcome.Done)
                    {
                        Assert.True(reversed.Add(awardSource));
                        Assert.Equal(Math.Min(awardedAmount, model[code]), back.Amount);
                        model[code] -= back.Amount;
                    }
                    break;
            }
            await AssertBalancedAsync(engine);
        }
        foreach (var (code, expected) in model)
        {
            Assert.Equal(expected, await BalanceAsync(engine, code));
        }
    }

    /// <summary>Every movement has ≥ 2 entries summing to zero, the whole ledger sums to zero, and no volunteer account is negative.</summary>
    private static async Task AssertBalancedAsync(TestEngine engine)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var movements = await db.PointEntries.GroupBy(e => e.TransactionId).Select(g => new { Count = g.Count(), Sum = g.Sum(e => (long)e.Amount) }).ToListAsync();
        Assert.All(movements, m => Assert.True(m.Count >= 2 && m.Sum == 0));
        var negative = await db.PointAccounts.Where(a => a.Kind == PointAccountKind.Volunteer)
            .Select(a => db.PointEntries.Where(e => e.AccountId == a.Id).Sum(e => (long)e.Amount)).Where(b => b < 0).CountAsync();
        Assert.Equal(0, negative);
    }
}
