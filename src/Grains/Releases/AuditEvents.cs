using System.Globalization;
using WeChat.Xml;

namespace Grains.Releases;

/// <summary>
/// WeChat's audit results for a mini program's code (<c>weapp_audit_success</c>, <c>_fail</c>, <c>_delay</c>), pushed to
/// the account's message URL. They carry no audit id; the time is the event's own (SuccTime, FailTime, DelayTime),
/// else its CreateTime. The gateway reads them so; so do the tests and benchmarks that stand in for its message URL.
/// </summary>
public static class AuditEvents
{
    public static AuditVerdict? VerdictIn(AccountMessage message) => !message.IsEvent ? null : message.Event switch
    {
        "weapp_audit_success" => new AuditVerdict(AuditOutcome.Approved, TimeOf(message, "SuccTime"), null, null),
        "weapp_audit_fail" => new AuditVerdict(AuditOutcome.Rejected, TimeOf(message, "FailTime"), Field(message, "Reason"), Field(message, "ScreenShot")),
        "weapp_audit_delay" => new AuditVerdict(AuditOutcome.Delayed, TimeOf(message, "DelayTime"), Field(message, "Reason"), null),
        _ => null,
    };

    private static string? Field(AccountMessage message, string name) =>
        message.Fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static DateTimeOffset TimeOf(AccountMessage message, string name) =>
        Field(message, name) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : message.CreatedAt;
}
