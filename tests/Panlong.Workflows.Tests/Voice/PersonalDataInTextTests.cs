using Panlong.Data.Registry;

namespace Panlong.Workflows.Tests.Voice;

/// <summary>ID and mobile numbers typed into free text: masked on display, removed when published (docs/decisions/0089-community-voice.md).</summary>
public sealed class PersonalDataInTextTests
{
    [Theory]
    [InlineData("我的身份证530103198501011234请核实", "我的身份证530103********1234请核实")]
    [InlineData("ID 53010319850101123X.", "ID 530103********123X.")]
    [InlineData("电话13812345678，或 139-1234-5678", "电话138****5678，或 139****5678")]
    [InlineData("+86 138 1234 5678", "138****5678")]
    [InlineData("门牌 12 号，邮编 650000，固话 0871-65123456", "门牌 12 号，邮编 650000，固话 0871-65123456")]
    [InlineData("订单号 53010319850101123456789 不是身份证", "订单号 53010319850101123456789 不是身份证")]
    public void Mask_IdAndMobileNumbers_AreMaskedAndOtherNumbersStay(string typed, string shown)
    {
        Assert.Equal(shown, PersonalDataInText.Mask(typed));
    }

    [Fact]
    public void Anonymize_NamesIdAndPhone_LeaveNoFragment()
    {
        var text = "我叫张伟，身份证 530103198501011234，电话 13812345678，房东欧阳娜娜不退押金。";

        var published = PersonalDataInText.Anonymize(text, ["张伟", "欧阳娜娜", null]);

        Assert.Equal("我叫某某，身份证 [已隐去]，电话 [已隐去]，房东某某不退押金。", published);
        Assert.DoesNotContain("1234", published, StringComparison.Ordinal);
        Assert.DoesNotContain("5678", published, StringComparison.Ordinal);
    }

    [Fact]
    public void HasPersonalData_PlainText_IsFalse()
    {
        Assert.False(PersonalDataInText.HasPersonalData("楼道灯坏了三天"));
        Assert.True(PersonalDataInText.HasPersonalData("联系我 13812345678"));
    }
}
