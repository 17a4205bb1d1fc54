using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>A registry person with a phone on record, made for one test.</summary>
public sealed record RegisteredPerson(long Id, string Name, string IdNumber, string Phone);

/// <summary>Registry people with phones (the demo ones have none), and the texts the Development sender "sent" them.</summary>
public static partial class RegistrySamples
{
    public static async Task<RegisteredPerson> PersonWithPhoneAsync(PortalFactory portal, DateOnly? born = null, string? name = null)
    {
        var protector = portal.Services.GetRequiredService<PersonalDataProtector>();
        var id = ResidentIdNumber.Create("530103", born ?? new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 14_000)), Random.Shared.Next(100, 999));
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        name ??= "赵" + (char)('安' + Random.Shared.Next(0, 400)) + (char)('安' + Random.Shared.Next(0, 400));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid).OrderBy(u => u.Id).FirstAsync();
        var person = new Person
        {
            Name = name, IdCipher = protector.Encrypt(id), IdHash = protector.Hash(id), IdMasked = PersonalDataMask.IdNumber(id),
            PhoneCipher = protector.Encrypt(phone), PhoneHash = protector.Hash(phone), PhoneMasked = PersonalDataMask.Phone(phone),
            GridId = grid.Id, ScopePath = grid.ScopePath, Groups = SpecialGroups.Disabled, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return new RegisteredPerson(person.Id, name, id, phone);
    }

    /// <summary>The texts sent to a phone so far, oldest first, once the outbox has been delivered.</summary>
    public static async Task<IReadOnlyList<string>> TextsToAsync(PortalFactory portal, string phone, int atLeast = 1)
    {
        var sender = portal.Services.GetRequiredService<LoggingSmsSender>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            // The portal's own dispatcher may have claimed the message a moment ago: deliver, then look, until it is there.
            await portal.Services.GetRequiredService<SmsOutbox>().DeliverPendingAsync();
            var texts = sender.Recent.Where(m => m.Phone == phone).Select(m => m.Text).Reverse().ToList();
            if (texts.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return texts;
            }
            await Task.Delay(50);
        }
    }

    public static async Task<string> CodeSentToAsync(PortalFactory portal, string phone, int nth = 1)
    {
        var texts = await TextsToAsync(portal, phone, nth);
        Assert.True(texts.Count >= nth, $"no code #{nth} was sent to {phone}");
        return SixDigits().Match(texts[nth - 1]).Value;
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
