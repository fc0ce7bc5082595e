using System.Globalization;
using System.Text.Json;
using WeChat.Api.Wire;

namespace WeChat.Api;

/// <summary>Every write here is sent once (see <see cref="ComponentApiClient"/>); the reads are retried.</summary>
public sealed partial class ComponentApiClient : ICodeManagementApi
{
    public Task CommitAsync(string authorizerToken, CodeCommitRequest commit, CancellationToken cancellationToken = default) =>
        PostOnceAsync<JsonElement>(CodeManagementApis.Commit, AccessTokenParameter, authorizerToken, commit, cancellationToken);

    public Task<SubmitAuditResponse> SubmitAuditAsync(string authorizerToken, string? auditJson, CancellationToken cancellationToken = default) =>
        PostOnceAsync<SubmitAuditResponse>(CodeManagementApis.SubmitAudit, AccessTokenParameter, authorizerToken, AuditBody(auditJson), cancellationToken);

    public Task<AuditStatusResponse> GetLatestAuditStatusAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        GetAsync<AuditStatusResponse>(CodeManagementApis.LatestAuditStatus, AccessTokenParameter, authorizerToken, [], cancellationToken);

    public Task<AuditStatusResponse> GetAuditStatusAsync(string authorizerToken, long auditId, CancellationToken cancellationToken = default) =>
        PostAsync<AuditStatusResponse>(CodeManagementApis.AuditStatus, AccessTokenParameter, authorizerToken, new AuditIdRequest(auditId), cancellationToken);

    public Task UndoAuditAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        GetOnceAsync<JsonElement>(CodeManagementApis.UndoAudit, AccessTokenParameter, authorizerToken, [], cancellationToken);

    public Task ReleaseAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        PostOnceAsync<JsonElement>(CodeManagementApis.Release, AccessTokenParameter, authorizerToken, new EmptyBody(), cancellationToken);

    public Task GrayReleaseAsync(string authorizerToken, GrayReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.GrayPercentage);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.GrayPercentage, 100);
        return PostOnceAsync<JsonElement>(CodeManagementApis.GrayRelease, AccessTokenParameter, authorizerToken, request, cancellationToken);
    }

    public Task<GrayReleasePlanResponse> GetGrayReleasePlanAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        GetAsync<GrayReleasePlanResponse>(CodeManagementApis.GrayReleasePlan, AccessTokenParameter, authorizerToken, [], cancellationToken);

    public Task RevertGrayReleaseAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        GetAsync<JsonElement>(CodeManagementApis.RevertGrayRelease, AccessTokenParameter, authorizerToken, [], cancellationToken);

    public Task RevertCodeReleaseAsync(string authorizerToken, long? appVersion = null, CancellationToken cancellationToken = default) =>
        GetOnceAsync<JsonElement>(CodeManagementApis.RevertCodeRelease, AccessTokenParameter, authorizerToken,
            appVersion is { } version ? [("app_version", version.ToString(CultureInfo.InvariantCulture))] : [], cancellationToken);

    public Task<AuditQuotaResponse> QueryQuotaAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        GetAsync<AuditQuotaResponse>(CodeManagementApis.QueryQuota, AccessTokenParameter, authorizerToken, [], cancellationToken);

    public Task<VersionInfoResponse> GetVersionInfoAsync(string authorizerToken, CancellationToken cancellationToken = default) =>
        PostAsync<VersionInfoResponse>(CodeManagementApis.VersionInfo, AccessTokenParameter, authorizerToken, new EmptyBody(), cancellationToken);

    /// <summary>The campaign's audit object goes to WeChat as it is: its fields change over time and are WeChat's business.</summary>
    private static JsonElement AuditBody(string? auditJson)
    {
        if (string.IsNullOrWhiteSpace(auditJson))
        {
            return JsonSerializer.SerializeToElement(new EmptyBody());
        }

        using var document = JsonDocument.Parse(auditJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.Clone()
            : throw new ArgumentException("The submit_audit body must be a JSON object.", nameof(auditJson));
    }
}
