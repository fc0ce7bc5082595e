using Gateway.Access;
using Gateway.TokenApi;
using Gateway.WeChatProxy;
using Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChat.Api;

namespace Gateway.Quotas;

/// <summary>
/// An account's daily WeChat quotas: today's calls as the platform counted them (every process flushes its counts
/// every <c>Quotas:FlushInterval</c>), the 45009s seen, WeChat's own numbers for one API, and clearing the quotas.
/// Scope <c>act</c>: whoever may make the calls may see and clear what they spend.
/// </summary>
internal static class QuotaEndpoints
{
    public static void MapQuotas(this RouteGroupBuilder api)
    {
        var quota = api.MapGroup("/authorizers/{authorizerAppId}/quota").WithTags("Quotas").RequireAuthorization(ApiScopes.Act);

        quota.MapGet("", async Task<Results<Ok<QuotaResponse>, ProblemHttpResult>> (
                string componentAppId, string authorizerAppId, string? api, IGrainFactory grains, TokenCache tokens, IComponentApi wechat) =>
            {
                var cgiPath = api is null ? null : CgiPath(api);
                if (api is not null && cgiPath is null)
                {
                    return QuotaProblems.InvalidApi();
                }

                await RequireKnownAsync(grains, componentAppId, authorizerAppId);
                var ledger = await Ledger(grains, componentAppId, authorizerAppId).GetAsync();
                if (cgiPath is null)
                {
                    return TypedResults.Ok(QuotaResponse.From(authorizerAppId, ledger));
                }

                var answer = await CallAsync(tokens, componentAppId, authorizerAppId, token => wechat.GetApiQuotaAsync(token, cgiPath));
                return TypedResults.Ok(QuotaResponse.From(authorizerAppId, ledger, WeChatQuotaResponse.From(cgiPath, answer.Quota)));
            })
            .WithSummary("Today's WeChat calls of the account per API path as counted, the 45009s seen, and with ?api=/path WeChat's own numbers for it");

        quota.MapPost("/clear", async Task<Ok<QuotaResponse>> (
                string componentAppId, string authorizerAppId, IGrainFactory grains, TokenCache tokens, IComponentApi wechat) =>
            {
                await CallAsync(tokens, componentAppId, authorizerAppId, async token =>
                {
                    await wechat.ClearQuotaAsync(token, authorizerAppId);
                    return true;
                });
                // This process stopped refusing when its WeChat client saw clear_quota answered 0; the cluster does now.
                var ledger = await Ledger(grains, componentAppId, authorizerAppId).ClearedAsync();
                return TypedResults.Ok(QuotaResponse.From(authorizerAppId, ledger));
            })
            .WithSummary("Resets the account's daily quotas at WeChat (cgi-bin/clear_quota, 10 a month) and lifts the platform's refusals");
    }

    /// <summary>WeChat's spelling of an API path (<c>/wxa/commit</c>), or null for anything but a plain path.</summary>
    private static string? CgiPath(string api)
    {
        var path = api.StartsWith('/') ? api[1..] : api;
        return ProxyPath.IsPlain(path) ? "/" + path : null;
    }

    private static async Task RequireKnownAsync(IGrainFactory grains, string componentAppId, string authorizerAppId)
    {
        if (await grains.GetGrain<IAuthorizerDirectoryGrain>(componentAppId).GetAsync(authorizerAppId) is null)
        {
            throw new PlatformException(PlatformProblem.UnknownAuthorizer, $"{authorizerAppId} has not authorized the platform {componentAppId}.");
        }
    }

    private static IQuotaLedgerGrain Ledger(IGrainFactory grains, string componentAppId, string authorizerAppId) =>
        grains.GetGrain<IQuotaLedgerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId));

    private static async Task<T> CallAsync<T>(TokenCache tokens, string componentAppId, string authorizerAppId, Func<string, Task<T>> call) =>
        await TokenRejection.RetriedOnceAsync((await tokens.GetAuthorizerTokenAsync(componentAppId, authorizerAppId)).Token.Value, call,
            async rejected => (await tokens.RefreshAuthorizerTokenAsync(componentAppId, authorizerAppId, rejected)).Token);
}
