namespace Sandbox.CodeManagement;

/// <summary>WeChat's errcodes of code management (docs/wechat-code-management.md §2-§3) and their errmsg.</summary>
public static class CodeErrors
{
    public const int InvalidArgs = 40097;
    public const int RequireGet = 43001;
    public const int EmptyPostData = 44002;
    public const int TagInvalid = 85006;
    public const int PagePathInvalid = 85007;
    public const int CategoryInvalid = 85008;
    public const int AlreadyAuditing = 85009;
    public const int TitleInvalid = 85011;
    public const int AuditIdInvalid = 85012;
    public const int TemplateNotExist = 85014;
    public const int NotMiniProgram = 85015;
    public const int NoVersionAuditing = 85019;
    public const int StatusNotAllowed = 85020;
    public const int ItemSizeInvalid = 85023;
    public const int ExtJsonPathNotExist = 85045;
    public const int TabBarItemMissingPath = 85046;
    public const int ExtJsonParseFail = 85048;
    public const int AlreadyReleased = 85052;
    public const int NoValidAuditId = 85058;
    public const int TemplateNotFound = 85064;
    public const int TemplateListFull = 85065;
    public const int NoOnlineRelease = 85079;
    public const int CommitNotApproved = 85080;
    public const int InvalidGrayPercentage = 85081;
    public const int GrayPercentageTooLow = 85082;
    public const int AuditQuotaReached = 85085;
    public const int MustCommitBeforeSubmit = 85086;
    public const int ExperienceVersionMissing = 86001;
    public const int GrayReleaseInProgress = 87011;
    public const int ForbidRevert = 87012;
    public const int NoUndoQuota = 87013;
    public const int SpeedupNotInQueue = 89402;
    public const int SpeedupAlreadyDone = 89404;
    public const int SpeedupQuotaReached = 89405;
    public const int StandardTemplateExtJsonInvalid = 9402203;

    private static readonly Dictionary<int, string> Messages = new()
    {
        [InvalidArgs] = "invalid args",
        [RequireGet] = "require GET method",
        [EmptyPostData] = "empty post data",
        [TagInvalid] = "tag is in invalid format",
        [PagePathInvalid] = "page path is in invalid format",
        [CategoryInvalid] = "category is in invalid format",
        [AlreadyAuditing] = "already submit a version under auditing",
        [TitleInvalid] = "title is in invalid format",
        [AuditIdInvalid] = "invalid audit id",
        [TemplateNotExist] = "template not exist",
        [NotMiniProgram] = "not a miniprogram account",
        [NoVersionAuditing] = "no version is under auditing",
        [StatusNotAllowed] = "status not allowed",
        [ItemSizeInvalid] = "item size is not in valid range",
        [ExtJsonPathNotExist] = "some path in ext_json not exist",
        [TabBarItemMissingPath] = "tabBar item missing path",
        [ExtJsonParseFail] = "parse ext_json fail",
        [AlreadyReleased] = "app is already released",
        [NoValidAuditId] = "no valid audit_id exist",
        [TemplateNotFound] = "template not found",
        [TemplateListFull] = "template list is full",
        [NoOnlineRelease] = "miniprogram has no online release",
        [CommitNotApproved] = "miniprogram commit not approved",
        [InvalidGrayPercentage] = "invalid gray percentage",
        [GrayPercentageTooLow] = "gray percentage too low",
        [AuditQuotaReached] = "submit audit reach limit pleasetry later",
        [MustCommitBeforeSubmit] = "must commit before submit audit",
        [ExperienceVersionMissing] = "component experience version not exists",
        [GrayReleaseInProgress] = "gray release in progress, forbid revert",
        [ForbidRevert] = "forbid revert this version release",
        [NoUndoQuota] = "no quota to undo code",
        [SpeedupNotInQueue] = "audit is not in the queue",
        [SpeedupAlreadyDone] = "audit has already been sped up",
        [SpeedupQuotaReached] = "speedup audit quota reach limit",
        [StandardTemplateExtJsonInvalid] = "standard template ext_json invalid",
    };

    public static string? Message(int errorCode) => Messages.GetValueOrDefault(errorCode);
}
