namespace Grains.Interfaces;

/// <summary>When a campaign releases an approved account: at once, or when the platform asks (<c>/release</c>).</summary>
public enum ReleaseMode
{
    AfterAudit,
    Manual,
}

/// <summary>
/// What a campaign commits, submits and releases. <see cref="ExtJson"/> is the <c>ext_json</c> object as JSON text,
/// with <c>{authorizer_appid}</c> replaced per account; <see cref="Accounts"/> null means every authorized mini
/// program of the platform; <see cref="AuditJson"/> is passed to <c>wxa/submit_audit</c> as it is.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CampaignSpec(
    [property: Id(0)] long TemplateId,
    [property: Id(1)] string UserVersion,
    [property: Id(2)] string UserDesc,
    [property: Id(3)] string? ExtJson,
    [property: Id(4)] IReadOnlyList<string>? Accounts,
    [property: Id(5)] string? AuditJson,
    [property: Id(6)] ReleaseMode Release,
    [property: Id(7)] int? GrayPercentage,
    [property: Id(8)] int? AuditsPerDay)
{
    /// <summary>The placeholder in <see cref="ExtJson"/> replaced by each account's appid.</summary>
    public const string AppIdPlaceholder = "{authorizer_appid}";

    /// <summary>The ext_json committed to one account.</summary>
    public string ExtJsonFor(string authorizerAppId) => (ExtJson ?? "{}").Replace(AppIdPlaceholder, authorizerAppId, StringComparison.Ordinal);
}
