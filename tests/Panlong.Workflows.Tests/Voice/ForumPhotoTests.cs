using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Voice;

/// <summary>A forum post's photos are read as the post is read, a hidden post's by nobody (docs/decisions/0098-care-leftovers.md).</summary>
public sealed class ForumPhotoTests
{
    private const string First = "cases/2026/12/aaaa.jpg";
    private const string Second = "cases/2026/12/bbbb.png";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PhotoAsync_ReadersOfThePost_GetItsPathOthersHeldAndHiddenGetNothing(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (forum, queries) = (engine.Database.Get<CommunityForum>(), engine.Database.Get<VoiceQueries>());
        var author = await ResidentAsync(engine, Dongzhuang, "张伟");
        var neighbour = await ResidentAsync(engine, Dongzhuang, "李娜");
        var stranger = await ResidentAsync(engine, Gulou1, "王芳");
        var staff = TestEngine.Actor("网格员", Roles.GridWorker, $"/530103/530103001/{Dongzhuang}/", "staff-dz");
        var gulouStaff = TestEngine.Actor("鼓楼", Roles.GridWorker, $"/530103/530103002/{Gulou1}/", "staff-gl");

        var topic = (await forum.PostAsync(author, new ForumDraft(null, null, "井盖松了", "小区门口井盖松动，见照片", [First, Second]))).Id!.Value;

        Assert.Equal(Second, await queries.PhotoAsync(neighbour, topic, 1));
        Assert.Equal(First, await queries.PhotoAsync(staff, topic, 0));
        Assert.Null(await queries.PhotoAsync(neighbour, topic, 2));
        Assert.Null(await queries.PhotoAsync(neighbour, topic, -1));
        Assert.Null(await queries.PhotoAsync(stranger, topic, 0));
        Assert.Null(await queries.PhotoAsync(gulouStaff, topic, 0));
        Assert.Equal(2, Assert.Single((await queries.ForumAsync(neighbour, Dongzhuang))!.Posts).Photos.Count);

        // Held by the word list: its author and the staff, not the neighbours.
        var held = await forum.PostAsync(author, new ForumDraft(null, topic, null, "有人在楼下赌博", [First]));
        Assert.True(held.Held);
        Assert.Equal(First, await queries.PhotoAsync(author, held.Id!.Value, 0));
        Assert.Equal(First, await queries.PhotoAsync(staff, held.Id.Value, 0));
        Assert.Null(await queries.PhotoAsync(neighbour, held.Id.Value, 0));

        // Hidden: kept on the row for the audit, served to nobody — not even the staff or the author.
        Assert.True((await forum.HideAsync(staff, topic, "含他人门牌号")).Ok);
        foreach (var viewer in new[] { author, neighbour, staff })
        {
            Assert.Null(await queries.PhotoAsync(viewer, topic, 0));
        }
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal($"{First},{Second}", (await db.ForumPosts.AsNoTracking().SingleAsync(p => p.Id == topic)).Photos);
    }

    [Fact]
    public async Task Post_MoreThanThreePhotos_IsRefusedAndNothingSaved()
    {
        await using var engine = await TestEngine.StartAsync();
        var author = await ResidentAsync(engine, Dongzhuang, "张伟");

        var result = await engine.Database.Get<CommunityForum>().PostAsync(author, new ForumDraft(null, null, "照片", "四张", [First, Second, First, Second]));

        Assert.Equal("Forum.Problem.Photos", result.Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.False(await db.ForumPosts.AnyAsync());
    }
}
