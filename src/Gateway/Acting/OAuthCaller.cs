using Microsoft.AspNetCore.Http.HttpResults;
using WeChat.Api;
using WeChat.Api.Wire;

namespace Gateway.Acting;

/// <summary>What the code exchange and the refresh share: the account checked, the component token used.</summary>
internal sealed class OAuthCaller(AuthorizedAccounts accounts, ComponentTokens tokens, IComponentApi wechat, TimeProvider time)
{
    public async Task<Ok<OAuthTokenAnswer>> UserTokensAsync(
        string componentAppId, string authorizerAppId, string value, Func<IComponentApi, string, string, Task<OAuthTokenResponse>> call)
    {
        await accounts.RequireAsync(componentAppId, authorizerAppId, miniProgram: false);
        var answer = await tokens.CallAsync(componentAppId, token => call(wechat, token, value));
        return TypedResults.Ok(OAuthTokenAnswer.From(answer, time.GetUtcNow()));
    }
}
