namespace Silo.Database;

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending schema migrations when the silo starts (otherwise run <c>migrate</c> first).</summary>
    public bool ApplySchema { get; set; }
}
