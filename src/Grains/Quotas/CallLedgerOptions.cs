using System.ComponentModel.DataAnnotations;

namespace Grains.Quotas;

/// <summary>The <c>Quotas</c> section: how often each process tells the ledger grains what it counted and reads the refusals.</summary>
public sealed class CallLedgerOptions
{
    public const string Section = "Quotas";

    /// <summary>Also how long another process may still send a call WeChat already refused with 45009 elsewhere.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);
}
