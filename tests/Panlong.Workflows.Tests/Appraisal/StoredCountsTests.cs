using System.Text.Json;
using Panlong.Data.Cases;
using Panlong.Workflows.Appraisal;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>The compact form of a stored month's counts (docs/decisions/0059-compact-month-counts.md): read back as written, and smaller.</summary>
public class StoredCountsTests
{
    private static readonly DateOnly October = new(2026, 10, 1);

    /// <summary>Every list with its edge values: nulls, both booleans, a pool and a holder, a closing received long before.</summary>
    private static AppraisalCounts Sample() => new(
        [new(CaseFactKind.Reported, 163, true, null, October, 4), new(CaseFactKind.Closed, 164, false, false, October, 1), new(CaseFactKind.Filed, 1, false, true, October, 7)],
        [new(DateOnly.MinValue, true, true, false, 18), new(October, null, false, true, 2)],
        [new(CaseFactKind.Reported, "demo:530103001:supervisor", "街道监督员", "Supervisor", "530103", false, null, 10),
            new(CaseFactKind.Dispatched, null, null, null, "530103-BM01", true, false, 3)],
        [new("demo:530103001:supervisor", 9)],
        [new(163, true, 8), new(164, false, 5)],
        [new("demo:530103001:supervisor", 163), new("demo:530103001:supervisor", 164)],
        [new(CaseFactKind.Verified, "demo:530103001:supervisor", "街道监督员", "Supervisor", null, 14)],
        [new("530103-BM01", 163, false, true, false, 1), new(null, 164, true, false, true, 2)],
        [new(45453, CaseFactKind.Handled, "530103-BM08", 276, "/530103/530103002/", true, false, null, null, 22, "DepartmentHandler"),
            new(9_000_000_001, CaseFactKind.Filed, null, 277, "/530103/530103002/", false, true, "user-1", "张三", null, null)],
        [new(22, "DepartmentHandler", "user-1", "张三"), new(23, null, "user-2", null)])
    {
        // The inspectors' problems by the grids held on each day (ADR 73), with an inspector of none.
        Held = [new("staff:12", true, 3), new("staff:12", false, 2), new("user-1", false, 0)],
    };

    /// <summary>Records compare lists by reference: the lists' JSON compares their values.</summary>
    private static string Values(AppraisalCounts counts) => JsonSerializer.Serialize(counts);

    [Fact]
    public void Read_OfWritten_IsTheSameCounts()
    {
        var counts = Sample();

        var read = StoredCounts.Read(StoredCounts.Write(counts));

        Assert.NotNull(read);
        Assert.Equal(Values(counts), Values(read));
    }

    [Fact]
    public void Write_SameCounts_IsAFractionOfTheRecordsJson()
    {
        // Many groups of the same few people and units, as a district's month has.
        var people = Enumerable.Range(0, 200).Select(i => new AppraisalCounts.StepCount(CaseFactKind.Reported, $"demo:53010300{i % 9}:supervisor{i}", "街道监督员",
            "Supervisor", "530103", i % 2 == 0, null, i)).ToList();
        var counts = Sample() with { Steps = people };

        Assert.True(StoredCounts.Write(counts).Length * 3 < Values(counts).Length);
    }

    [Fact]
    public void Stamp_OfARowsHead_IsTheWholeRowsAndNewOnEveryWrite()
    {
        var (first, second) = (StoredCounts.Write(Sample()), StoredCounts.Write(Sample()));

        var stamp = StoredCounts.Stamp(first[..StoredCounts.HeadLength]);

        Assert.NotNull(stamp);
        Assert.Equal(stamp, StoredCounts.Stamp(first));
        Assert.NotEqual(stamp, StoredCounts.Stamp(second[..StoredCounts.HeadLength]));
    }

    [Fact]
    public void Read_Version2RowWithoutStamp_IsNull()
    {
        // ADR 59's form: the same arrays, no stamp; counted again and rewritten with one.
        var written = StoredCounts.Write(Sample());
        var version2 = "{\"V\":2," + written[written.IndexOf("\"S\":", StringComparison.Ordinal)..];

        Assert.Null(StoredCounts.Stamp(version2));
        Assert.Null(StoredCounts.Read(version2));
    }

    [Fact]
    public void Read_RecordsJsonOfAdr48_IsNull()
    {
        Assert.Null(StoredCounts.Read(Values(Sample())));
    }
}
