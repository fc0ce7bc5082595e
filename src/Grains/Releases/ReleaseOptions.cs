using System.ComponentModel.DataAnnotations;

namespace Grains.Releases;

/// <summary>How one mini program's release grain retries and watches its audit (section <c>Releases</c>), validated at start.</summary>
public sealed class ReleaseOptions
{
    public const string Section = "Releases";

    /// <summary>
    /// Times a step is tried while WeChat keeps asking to try it later (61039, a busy system, no answer, another
    /// audit open) before the account fails with WeChat's last errcode and reason. A 45009 wait is not an attempt.
    /// </summary>
    [Range(1, 1000)]
    public int StepAttempts { get; set; } = 10;

    /// <summary>How long an audit may stay pending without an event (since its submission or its last delay) before WeChat is asked for its status.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan AuditCheckAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often WeChat is asked again while the audit stays pending (a reminder: at least a minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AuditCheckPeriod { get; set; } = TimeSpan.FromHours(6);
}
