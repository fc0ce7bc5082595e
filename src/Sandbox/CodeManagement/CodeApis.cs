namespace Sandbox.CodeManagement;

/// <summary>Paths of WeChat's code-management APIs (docs/wechat-code-management.md §2-§3).</summary>
public static class CodeApis
{
    public const string TemplateDraftList = "wxa/gettemplatedraftlist";
    public const string AddToTemplate = "wxa/addtotemplate";
    public const string TemplateList = "wxa/gettemplatelist";
    public const string DeleteTemplate = "wxa/deletetemplate";
    public const string Commit = "wxa/commit";
    public const string GetPage = "wxa/get_page";
    public const string GetCategory = "wxa/get_category";
    public const string GetQrCode = "wxa/get_qrcode";
    public const string SubmitAudit = "wxa/submit_audit";
    public const string GetAuditStatus = "wxa/get_auditstatus";
    public const string GetLatestAuditStatus = "wxa/get_latest_auditstatus";
    public const string UndoCodeAudit = "wxa/undocodeaudit";
    public const string SpeedupAudit = "wxa/speedupaudit";
    public const string QueryQuota = "wxa/queryquota";
    public const string Release = "wxa/release";
    public const string GrayRelease = "wxa/grayrelease";
    public const string GetGrayReleasePlan = "wxa/getgrayreleaseplan";
    public const string RevertGrayRelease = "wxa/revertgrayrelease";
    public const string RevertCodeRelease = "wxa/revertcoderelease";
    public const string GetVersionInfo = "wxa/getversioninfo";

    /// <summary>The permission set (权限集) every per-mini-program code-management API belongs to.</summary>
    public const int PermissionSet = 18;

    /// <summary>The set that opens get_qrcode besides <see cref="PermissionSet"/> (docs/wechat-code-management.md §3.5).</summary>
    public const int QrCodePermissionSet = 86;
}
