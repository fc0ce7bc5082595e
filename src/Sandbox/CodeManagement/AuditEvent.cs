using System.Xml.Linq;
using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>The decrypted XML of weapp_audit_success / _fail / _delay (docs/wechat-code-management.md §5): no auditid, keyed by the gh_ id.</summary>
internal static class AuditEvent
{
    /// <summary>The system sender WeChat puts in FromUserName of these events.</summary>
    public const string SystemOpenId = "o4_t15SANDBOX_SYSTEM_0000000";

    public static string Name(AuditVerdict verdict) => verdict switch
    {
        AuditVerdict.Approve => "weapp_audit_success",
        AuditVerdict.Reject => "weapp_audit_fail",
        _ => "weapp_audit_delay",
    };

    public static string Xml(string accountUserName, AuditOutcome outcome)
    {
        var at = outcome.At.ToUnixTimeSeconds();
        var audit = outcome.Audit;
        XElement[] fields = outcome.Verdict switch
        {
            AuditVerdict.Approve => [new XElement("SuccTime", at)],
            AuditVerdict.Reject =>
            [
                new XElement("Reason", new XCData(audit.Reason ?? "")),
                new XElement("FailTime", at),
                new XElement("ScreenShot", new XCData(audit.ScreenShot ?? "")),
            ],
            _ => [new XElement("Reason", new XCData(audit.Reason ?? "")), new XElement("DelayTime", at)],
        };
        return new XElement("xml",
                new XElement("ToUserName", new XCData(accountUserName)),
                new XElement("FromUserName", new XCData(SystemOpenId)),
                new XElement("CreateTime", at),
                new XElement("MsgType", new XCData("event")),
                new XElement("Event", new XCData(Name(outcome.Verdict))),
                fields)
            .ToString(SaveOptions.DisableFormatting);
    }
}
