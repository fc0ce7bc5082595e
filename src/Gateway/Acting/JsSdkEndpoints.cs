using System.Security.Cryptography;
using Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChat.Api;

namespace Gateway.Acting;

/// <summary>The JS-SDK's <c>wx.config</c> parameters for a page of an official account, signed here so pages never hold a ticket.</summary>
internal static class JsSdkEndpoints
{
    public static void MapJsSdk(this RouteGroupBuilder account) =>
        account.MapPost("/jsapi-signature", async Task<Ok<JsSdkConfig>> (
                string componentAppId, string authorizerAppId, [FromBody] JsSdkSignatureRequest request, AuthorizedAccounts accounts, IGrainFactory grains, TimeProvider time) =>
            {
                await accounts.RequireAsync(componentAppId, authorizerAppId, miniProgram: false);
                var ticket = await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId)).GetTicketAsync(AccountTicketKind.JsApi);
                var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
                var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                return TypedResults.Ok(new JsSdkConfig(authorizerAppId, timestamp, nonce, JsSdkSignature.Sign(ticket.Value, nonce, timestamp, request.Url)));
            })
            .WithSummary("The wx.config parameters (app_id, timestamp, nonce_str, signature) for a page URL");
}
