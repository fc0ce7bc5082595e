using Gateway.Access;
using Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.TokenApi;

/// <summary>The business token API of the contract: snake_case JSON, RFC 7807 problems, on the component API group.</summary>
internal static class TokenApiEndpoints
{
    public static void MapTokenApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("").WithTags("Tokens");

        tokens.MapGet("/token", async Task<Ok<TokenResponse>> (string componentAppId, IGrainFactory grains) =>
                TypedResults.Ok(TokenResponse.From(await grains.GetGrain<IComponentGrain>(componentAppId).GetTokenAsync())))
            .RequireAuthorization(ApiScopes.Tokens)
            .WithSummary("A component_access_token valid for at least 60 more seconds");

        tokens.MapGet("/authorizers", AuthorizerListing.ListAsync)
            .RequireAuthorization(ApiScopes.Tokens)
            .WithSummary("A page of the accounts that authorized this platform, sorted by appid, with status and permission sets");

        tokens.MapPost("/authorizers/restore", async Task<Ok<RestoreResponse>> (string componentAppId, IGrainFactory grains) =>
                TypedResults.Ok(RestoreResponse.From(await grains.GetGrain<IComponentGrain>(componentAppId).RestoreRefreshTokensAsync())))
            .RequireAuthorization(ApiScopes.Admin)
            .WithSummary("Walks WeChat's authorizer list: restores refresh tokens and reconciles the index (operators)");

        tokens.MapGet("/authorizers/{authorizerAppId}", async Task<Ok<AuthorizerResponse>> (string componentAppId, string authorizerAppId, IGrainFactory grains) =>
                await grains.GetGrain<IAuthorizerDirectoryGrain>(componentAppId).GetAsync(authorizerAppId) is { } entry
                    ? TypedResults.Ok(AuthorizerResponse.From(entry))
                    : throw new PlatformException(PlatformProblem.UnknownAuthorizer, $"{authorizerAppId} has not authorized the platform {componentAppId}."))
            .RequireAuthorization(ApiScopes.Tokens)
            .WithSummary("The account's entry as listing shows it (status, permission sets, profile, kind), from the authorizer index");

        // The hottest route: the cached JSON is written as it is, serialized once per token.
        tokens.MapGet("/authorizers/{authorizerAppId}/token", async Task<CachedJsonResult> (string componentAppId, string authorizerAppId, TokenCache cache) =>
                new CachedJsonResult((await cache.GetAuthorizerTokenAsync(componentAppId, authorizerAppId)).Json))
            .Produces<TokenResponse>()
            .RequireAuthorization(ApiScopes.Tokens)
            .WithSummary("An authorizer_access_token valid for at least 60 more seconds");

        tokens.MapPost("/authorizers/{authorizerAppId}/token/refresh", async Task<CachedJsonResult> (
                string componentAppId, string authorizerAppId, [FromBody] RefreshRequest request, TokenCache cache) =>
                new CachedJsonResult((await cache.RefreshAuthorizerTokenAsync(componentAppId, authorizerAppId, request.RejectedToken)).Json))
            .Produces<TokenResponse>()
            .RequireAuthorization(ApiScopes.Refresh)
            .WithSummary("Refreshes only if the rejected token is still current; answers the current valid token");

        tokens.MapGet("/authorizers/{authorizerAppId}/jsapi-ticket", (string componentAppId, string authorizerAppId, IGrainFactory grains) =>
                TicketAsync(grains, componentAppId, authorizerAppId, AccountTicketKind.JsApi))
            .RequireAuthorization(ApiScopes.Tokens)
            .WithSummary("A jsapi_ticket for JS-SDK signatures, valid for at least 60 more seconds");

        tokens.MapGet("/authorizers/{authorizerAppId}/card-ticket", (string componentAppId, string authorizerAppId, IGrainFactory grains) =>
                TicketAsync(grains, componentAppId, authorizerAppId, AccountTicketKind.Card))
            .RequireAuthorization(ApiScopes.Tokens)
            .WithSummary("A wx_card api_ticket for the card JS-SDK, valid for at least 60 more seconds");
    }

    private static async Task<Ok<TicketResponse>> TicketAsync(IGrainFactory grains, string componentAppId, string authorizerAppId, AccountTicketKind kind) =>
        TypedResults.Ok(TicketResponse.From(await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId)).GetTicketAsync(kind)));
}
