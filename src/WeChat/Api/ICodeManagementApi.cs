using WeChat.Api.Wire;

namespace WeChat.Api;

/// <summary>
/// WeChat's code management for one authorized mini program (代小程序实现业务 · 代码管理), called with the
/// authorizer_access_token. Failures come back as <see cref="WeChatApiException"/> with WeChat's errcode.
/// </summary>
public interface ICodeManagementApi
{
    /// <summary><c>wxa/commit</c>: uploads a template with the account's ext_json (a JSON string) as the experience version.</summary>
    Task CommitAsync(string authorizerToken, CodeCommitRequest commit, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/submit_audit</c> with <paramref name="auditJson"/> (the submit body, a JSON object) as it is; null sends <c>{}</c>.</summary>
    Task<SubmitAuditResponse> SubmitAuditAsync(string authorizerToken, string? auditJson, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/get_latest_auditstatus</c>; 85058 when the account was never submitted.</summary>
    Task<AuditStatusResponse> GetLatestAuditStatusAsync(string authorizerToken, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/get_auditstatus</c> of one audit.</summary>
    Task<AuditStatusResponse> GetAuditStatusAsync(string authorizerToken, long auditId, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/undocodeaudit</c>: withdraws the audit in progress (5 a day, 10 a month).</summary>
    Task UndoAuditAsync(string authorizerToken, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/release</c>: publishes the latest approved version to every user.</summary>
    Task ReleaseAsync(string authorizerToken, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/grayrelease</c>: publishes the latest approved version to a share of users.</summary>
    Task GrayReleaseAsync(string authorizerToken, GrayReleaseRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/getgrayreleaseplan</c>: the gray release plan (WeChat answers a plan at status 0 when there is none).</summary>
    Task<GrayReleasePlanResponse> GetGrayReleasePlanAsync(string authorizerToken, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/revertgrayrelease</c>: cancels the gray release in progress; its users go back to the online version.</summary>
    Task RevertGrayReleaseAsync(string authorizerToken, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/revertcoderelease</c>: back to the previous online version, or to <paramref name="appVersion"/>; 87011 during a gray release.</summary>
    Task RevertCodeReleaseAsync(string authorizerToken, long? appVersion = null, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/queryquota</c>: the platform's audit quota this month (platform-wide, asked with any authorizer's token).</summary>
    Task<AuditQuotaResponse> QueryQuotaAsync(string authorizerToken, CancellationToken cancellationToken = default);

    /// <summary><c>wxa/getversioninfo</c>: the experience and online versions.</summary>
    Task<VersionInfoResponse> GetVersionInfoAsync(string authorizerToken, CancellationToken cancellationToken = default);
}
