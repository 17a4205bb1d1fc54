namespace Panlong.Data.Workflows;

/// <summary>One published version of a process definition; its JSON never changes after publishing.</summary>
public class ProcessDefinition
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
}
