namespace Panlong.Data;

/// <summary>A row that belongs to a place in the org tree; data scope filters on <see cref="ScopePath"/>.</summary>
public interface IOrgScoped
{
    string ScopePath { get; }
}

/// <summary>A row with an application-set concurrency token (SQLite has no rowversion).</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}
