namespace Silo.Reencryption;

/// <summary>What one run of <c>reencrypt</c> found and did.</summary>
public sealed class ReencryptionReport
{
    public int Scanned { get; set; }

    public int Rewritten { get; set; }

    public int AlreadyCurrent { get; set; }

    /// <summary>Rewrites not made because a grain wrote the row between the read and the write; each was read again and retried.</summary>
    public int SkippedConcurrent { get; set; }

    /// <summary>Rows holding a secret that cannot be read with the configured keys, left as they are.</summary>
    public int Unreadable { get; set; }

    /// <summary>
    /// Of <see cref="Unreadable"/>, rows holding a secret whose key is configured but which does not decrypt where it
    /// is stored: altered, or copied from another field or another grain's row.
    /// </summary>
    public int Mismatched { get; set; }

    /// <summary>Rows still changing after every retry, left for a rerun.</summary>
    public int Unfinished { get; set; }

    /// <summary>0 when nothing stored is under a key other than the first; 1 when rows were reported.</summary>
    public int ExitCode => Unreadable + Unfinished == 0 ? 0 : 1;
}
