using Panlong.Data.Registry;

namespace Panlong.Data.Tests.Registry;

public class PersonalDataMaskTests
{
    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("", "")]
    public void Phone_IsMaskedInTheMiddle(string phone, string masked) => Assert.Equal(masked, PersonalDataMask.Phone(phone));

    [Fact]
    public void IdNumberAndName_AreMaskedAsDomainSays()
    {
        Assert.Equal("530103********1234", PersonalDataMask.IdNumber("530103199001011234"));
        Assert.Equal("张*", PersonalDataMask.Name("张伟"));
        Assert.Equal("李**", PersonalDataMask.Name("李建国"));
    }

    [Theory]
    [InlineData("6222021234567890123", "***************0123")]
    [InlineData("***************0123", "***************0123")]
    [InlineData("1234567", "*******")]
    [InlineData("", "")]
    public void PersonalText_KeepsOnlyItsLastFour_AndMaskingTwiceChangesNothing(string value, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Text(value));

    [Fact]
    public void FormDisplay_MasksAFieldMarkedPersonal_AndLeavesOtherTextAsTyped()
    {
        var bank = new Services.FieldSpec("bankAccount", "银行账号", Services.FieldType.Text, Personal: true);
        var reason = new Services.FieldSpec("reason", "困难原因", Services.FieldType.Text);

        Assert.Equal("***************0123", Services.ServiceForm.Display(bank, "6222021234567890123"));
        Assert.Equal("火灾", Services.ServiceForm.Display(reason, "火灾"));
    }
}
