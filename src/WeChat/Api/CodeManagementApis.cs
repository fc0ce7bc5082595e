namespace WeChat.Api;

/// <summary>Paths of WeChat's code-management APIs for an authorized mini program, relative to <c>WeChat:ApiBaseUrl</c>.</summary>
public static class CodeManagementApis
{
    public const string Commit = "wxa/commit";
    public const string SubmitAudit = "wxa/submit_audit";
    public const string LatestAuditStatus = "wxa/get_latest_auditstatus";
    public const string AuditStatus = "wxa/get_auditstatus";
    public const string UndoAudit = "wxa/undocodeaudit";
    public const string Release = "wxa/release";
    public const string GrayRelease = "wxa/grayrelease";
    public const string GrayReleasePlan = "wxa/getgrayreleaseplan";
    public const string RevertGrayRelease = "wxa/revertgrayrelease";
    public const string RevertCodeRelease = "wxa/revertcoderelease";
    public const string QueryQuota = "wxa/queryquota";
    public const string VersionInfo = "wxa/getversioninfo";
}
