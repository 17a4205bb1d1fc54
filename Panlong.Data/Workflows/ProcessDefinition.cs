namespace Panlong.Data.Workflows;

/// <summary>One published version of a process definition; its JSON never changes after publishing.</summary>
public class ProcessDefinition
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    /// <summary>The definition's English name (its states' and actions' are in <see cref="Json"/>; docs/decisions/0038-localized-names.md).</summary>
    public string? NameEn { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
}
