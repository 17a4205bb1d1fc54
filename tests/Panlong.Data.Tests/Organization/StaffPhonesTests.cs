using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Testing;

namespace Panlong.Data.Tests.Organization;

/// <summary>Issue 15 hole 8: staff phones are stored as ID numbers are — encrypted with a masked copy — including rows made before the upgrade.</summary>
public class StaffPhonesTests
{
    private const string Migration = "_AdminGrantsAndPersonalFields";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PlainPhoneFromBeforeTheUpgrade_IsEncryptedAndMaskedByStartUp(DatabaseProvider provider)
    {
        await using var database = TestDatabase.For(provider);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var all = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(all[all.FindIndex(m => m.EndsWith(Migration, StringComparison.Ordinal)) - 1]);
            await Panlong.Data.Seeding.OrgSeeder.SeedAsync(db);
            var unit = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Community).Select(u => new { u.Id, u.ScopePath }).FirstAsync();
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"StaffMembers\" (\"Name\", \"Phone\", \"OrgUnitId\", \"ScopePath\", \"IsDemo\", \"Version\") VALUES ('王网格', '13812345678', {unit.Id}, {unit.ScopePath}, {false}, {Guid.NewGuid()})");
        }

        await database.Initializer.MigrateAsync();
        await database.Initializer.SeedAsync();

        await using var check = await database.Factory.CreateDbContextAsync();
        var member = await check.StaffMembers.SingleAsync(s => s.Name == "王网格");
        Assert.Equal("138****5678", member.PhoneMasked);
        Assert.DoesNotContain("13812345678", member.PhoneCipher, StringComparison.Ordinal);
        Assert.Equal("13812345678", database.Get<PersonalDataProtector>().Decrypt(member.PhoneCipher!));
        Assert.Equal(0, await StaffPhones.ProtectStoredAsync(check, database.Get<PersonalDataProtector>()));
    }

    [Fact]
    public async Task DemoStaff_AreSeededWithoutAPlainPhone()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true, demo: true);
        await using var db = await database.Factory.CreateDbContextAsync();
        var protector = database.Get<PersonalDataProtector>();

        var staff = await db.StaffMembers.Take(50).ToListAsync();

        Assert.NotEmpty(staff);
        Assert.All(staff, s => Assert.Equal(PersonalDataMask.Phone(protector.Decrypt(s.PhoneCipher!)), s.PhoneMasked));
    }

    [Fact]
    public async Task BankAccountOfAnItemSeededBeforeTheMark_IsMarkedPersonalOnStartUp()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var item = await db.ServiceItems.SingleAsync(s => s.Code == "JF-00103");
            item.Fields = item.Fields.Replace(",\"personal\":true", "", StringComparison.Ordinal);
            await db.SaveChangesAsync();
            Assert.DoesNotContain((await db.ServiceItems.SingleAsync(s => s.Code == "JF-00103")).FieldList, f => f.Personal);
        }

        await database.Initializer.SeedAsync();

        await using var check = await database.Factory.CreateDbContextAsync();
        var fields = (await check.ServiceItems.SingleAsync(s => s.Code == "JF-00103")).FieldList;
        Assert.True(fields.Single(f => f.Key == "bankAccount").Personal);
        Assert.False(fields.Single(f => f.Key == "phone").Personal);
    }
}
