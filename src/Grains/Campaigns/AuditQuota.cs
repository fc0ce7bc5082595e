using WeChat.Api;

namespace Grains.Campaigns;

/// <summary>The audits a platform has left this month (<c>wxa/queryquota</c>: platform-wide, asked with any of its mini programs' tokens).</summary>
public interface IAuditQuota
{
    /// <summary>The remaining audits; throws <see cref="AuditQuotaUnknownException"/> when WeChat does not say.</summary>
    Task<int> RemainingAsync(string componentAppId, string authorizerAppId, CancellationToken cancellationToken = default);
}

public sealed class AuditQuotaUnknownException(string message) : Exception(message);

/// <summary>Asks WeChat through the code-management client with the authorizer's current token, refreshed once if WeChat rejects it.</summary>
internal sealed class WeChatAuditQuota(IGrainFactory grains, ICodeManagementApi wechat) : IAuditQuota
{
    public async Task<int> RemainingAsync(string componentAppId, string authorizerAppId, CancellationToken cancellationToken = default)
    {
        var authorizer = grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId));
        var token = await authorizer.GetTokenAsync();
        try
        {
            var quota = await TokenRejection.RetriedOnceAsync(token.Value, t => wechat.QueryQuotaAsync(t, cancellationToken), authorizer.RefreshIfCurrentAsync);
            return quota.Rest;
        }
        catch (WeChatApiException ex)
        {
            throw new AuditQuotaUnknownException($"wxa/queryquota answered errcode {ex.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} ({ex.Kind}).");
        }
    }
}
