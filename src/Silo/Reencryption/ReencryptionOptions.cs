using System.ComponentModel.DataAnnotations;

namespace Silo.Reencryption;

/// <summary>The <c>Reencryption</c> section, read by the <c>reencrypt</c> command.</summary>
public sealed class ReencryptionOptions
{
    public const string Section = "Reencryption";

    /// <summary>Rows read per query; each row is then rewritten on its own, so a crash loses no finished row.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;
}
