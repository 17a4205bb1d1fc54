using Panlong.Data.Registry;

namespace Panlong.Data.Tests.Registry;

public class IdentityNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData("11010519491231002X")] // the standard's own example, check character X
    [InlineData("11010519491231002x")] // lower-case x is accepted and normalized
    [InlineData("440524188001010014")]
    [InlineData(" 530103199001011238 ")]
    public void ValidResidentIds_Pass(string id) => Assert.Equal(NumberProblem.None, ResidentIdNumber.Check(id, Today));

    [Theory]
    [InlineData("", NumberProblem.Empty)]
    [InlineData("5301031990010112", NumberProblem.WrongLength)]
    [InlineData("53010319900101123A", NumberProblem.BadCharacters)]
    [InlineData("010103199001011234", NumberProblem.BadRegion)]
    [InlineData("530103199002301236", NumberProblem.ImpossibleDate)] // 30 February
    [InlineData("530103184912311234", NumberProblem.ImpossibleDate)] // before 1850: nobody alive
    [InlineData("530103203001011234", NumberProblem.FutureDate)]
    [InlineData("530103199001011234", NumberProblem.WrongCheckCharacter)] // should end in 8
    [InlineData("110105194912310021", NumberProblem.WrongCheckCharacter)] // should end in X
    public void InvalidResidentIds_SayWhy(string id, NumberProblem problem) => Assert.Equal(problem, ResidentIdNumber.Check(id, Today));

    [Fact]
    public void ResidentId_YieldsBirthDateRegionAndGender()
    {
        const string id = "11010519491231002X";

        Assert.Equal(new DateOnly(1949, 12, 31), ResidentIdNumber.BirthDate(id));
        Assert.Equal("110105", ResidentIdNumber.RegionCode(id));
        Assert.False(ResidentIdNumber.IsMale(id)); // sequence 002: even
        Assert.True(ResidentIdNumber.IsMale("440524188001010014"));
    }

    [Fact]
    public void CreatedResidentIds_AreValid() =>
        Assert.Equal(NumberProblem.None, ResidentIdNumber.Check(ResidentIdNumber.Create("530103", new DateOnly(1985, 6, 1), 123), Today));

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600037341L")]
    [InlineData("91530103ma6k1234xg")]
    public void ValidCreditCodes_Pass(string code) => Assert.Equal(NumberProblem.None, SocialCreditCode.Check(code));

    [Theory]
    [InlineData("", NumberProblem.Empty)]
    [InlineData("91350100M000100Y4", NumberProblem.WrongLength)]
    [InlineData("91350100M000100YI3", NumberProblem.BadCharacters)] // I is not in the alphabet
    [InlineData("913501A0M000100Y43", NumberProblem.BadRegion)]
    [InlineData("91350100M000100Y44", NumberProblem.WrongCheckCharacter)]
    public void InvalidCreditCodes_SayWhy(string code, NumberProblem problem) => Assert.Equal(problem, SocialCreditCode.Check(code));

    [Theory]
    [InlineData("13812341234", true)]
    [InlineData("138 1234 1234", true)]
    [InlineData("0871-65123456", true)]
    [InlineData("12812341234", false)]
    [InlineData("1381234123", false)]
    [InlineData("hello", false)]
    public void Phones_AreMobileOrLandline(string phone, bool valid) => Assert.Equal(valid, PhoneNumber.IsValid(phone));
}
