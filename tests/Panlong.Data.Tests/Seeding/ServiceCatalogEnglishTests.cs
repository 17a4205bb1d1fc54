using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Providers;
using Panlong.Data.Services;
using Panlong.Testing;

namespace Panlong.Data.Tests.Seeding;

/// <summary>Issue 16 defect 11: the shipped service items name themselves, their materials and their form fields in English as data.</summary>
public class ServiceCatalogEnglishTests
{
    private static ServiceItem Old(string name, MaterialSpec[] materials, FieldSpec[] fields) => new()
    {
        Code = "QR-00001", Version = 1, Name = name, DepartmentCode = "530103-BM06", Basis = "", Conditions = "", Audience = "", ProcessKey = "approval-single",
        Materials = JsonSerializer.Serialize(materials, ServiceItem.Json), Fields = JsonSerializer.Serialize(fields, ServiceItem.Json),
    };

    [Fact]
    public void AddTo_ItemSeededWithoutEnglish_GetsItsNameMaterialsAndFieldsInEnglish()
    {
        var item = Old("居住证明出具", [new("居民身份证", true, MaterialForm.Original, "person.idNumber")], [new("phone", "联系电话", FieldType.Phone)]);

        Assert.True(ServiceCatalogEnglish.AddTo(item));

        Assert.Equal("Proof of residence", item.NameEn);
        Assert.Equal("Resident identity card", item.MaterialList.Single().NameEn);
        Assert.Equal("person.idNumber", item.MaterialList.Single().RegistryFact);
        Assert.Equal("Phone", item.FieldList.Single().LabelEn);
        Assert.False(ServiceCatalogEnglish.AddTo(item));
    }

    [Fact]
    public void AddTo_MaterialAnAdministratorRenamed_StaysWithoutEnglish()
    {
        var item = Old("居住证明出具", [new("身份证或护照", true, MaterialForm.Original)], []);

        ServiceCatalogEnglish.AddTo(item);

        Assert.Null(item.MaterialList.Single().NameEn);
        Assert.Equal("身份证或护照", item.MaterialList.Single().DisplayName.Text);
    }

    [Fact]
    public async Task Seed_EveryShippedItem_HasEnglishForItsNameMaterialsAndFields()
    {
        await using var database = await TestDatabase.For(DatabaseProvider.Sqlite).MigratedAsync(seed: true, demo: false);
        await using var db = await database.Factory.CreateDbContextAsync();

        var items = await db.ServiceItems.Where(i => i.IsCurrent).ToListAsync();
        var missing = items.Where(i => i.NameEn is null).Select(i => i.Code)
            .Concat(items.SelectMany(i => i.MaterialList.Where(m => m.NameEn is null).Select(m => $"{i.Code} {m.Name}")))
            .Concat(items.SelectMany(i => i.FieldList.Where(f => f.LabelEn is null).Select(f => $"{i.Code} {f.Key}")))
            .ToList();

        Assert.True(items.Count > 10);
        Assert.Empty(missing);
    }

    [Fact]
    public void Names_TranslateNoChineseIntoChinese()
    {
        Assert.All(ServiceCatalogEnglish.Names.Values, english => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english));
    }
}
