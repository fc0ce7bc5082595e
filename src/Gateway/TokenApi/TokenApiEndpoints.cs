using Gateway.Hosting;
using Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.TokenApi;

/// <summary>The business token API of the contract: bearer keys, snake_case JSON, RFC 7807 problems.</summary>
internal static class TokenApiEndpoints
{
    public static void MapTokenApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/components/{componentAppId}")
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Tokens");

        api.MapGet("/token", (string componentAppId, HttpContext http, ComponentDirectory components, IGrainFactory grains) =>
            RunAsync(http, components, componentAppId, async () =>
                TypedResults.Ok(TokenResponse.From(await grains.GetGrain<IComponentGrain>(componentAppId).GetTokenAsync()))))
            .WithSummary("A component_access_token valid for at least 60 more seconds");

        api.MapGet("/authorizers", (string componentAppId, string? limit, string? after, string? status, HttpContext http, ComponentDirectory components, IGrainFactory grains) =>
            RunAsync(http, components, componentAppId, async () => (IResult)await AuthorizerListing.ListAsync(componentAppId, limit, after, status, http, grains)))
            .Produces<List<AuthorizerResponse>>()
            .WithSummary("A page of the accounts that authorized this platform, sorted by appid, with status and permission sets");

        api.MapPost("/authorizers/restore", (string componentAppId, HttpContext http, ComponentDirectory components, IGrainFactory grains) =>
            RunAsync(http, components, componentAppId, async () =>
                TypedResults.Ok(RestoreResponse.From(await grains.GetGrain<IComponentGrain>(componentAppId).RestoreRefreshTokensAsync()))))
            .WithSummary("Walks WeChat's authorizer list: restores refresh tokens and reconciles the index (operators)");

        api.MapGet("/authorizers/{authorizerAppId}/token", (string componentAppId, string authorizerAppId, HttpContext http, ComponentDirectory components, TokenCache tokens) =>
            RunAsync(http, components, componentAppId, async () =>
                Results.Text((await tokens.GetAuthorizerTokenAsync(componentAppId, authorizerAppId)).Json, "application/json")))
            .Produces<TokenResponse>()
            .WithSummary("An authorizer_access_token valid for at least 60 more seconds");

        api.MapPost("/authorizers/{authorizerAppId}/token/refresh", (string componentAppId, string authorizerAppId, RefreshRequest? request, HttpContext http, ComponentDirectory components, TokenCache tokens) =>
            string.IsNullOrWhiteSpace(request?.RejectedToken)
                ? Task.FromResult<IResult>(TypedResults.Problem(statusCode: 400, title: "rejected_token is required",
                    detail: "Send the token WeChat rejected with 40001/42001 as {\"rejected_token\": \"...\"}."))
                : RunAsync(http, components, componentAppId, async () =>
                    Results.Text((await tokens.RefreshAuthorizerTokenAsync(componentAppId, authorizerAppId, request.RejectedToken)).Json, "application/json")))
            .Produces<TokenResponse>()
            .WithSummary("Refreshes only if the rejected token is still current; answers the current valid token");

        api.MapGet("/authorizers/{authorizerAppId}/jsapi-ticket", (string componentAppId, string authorizerAppId, HttpContext http, ComponentDirectory components, IGrainFactory grains) =>
            RunAsync(http, components, componentAppId, async () =>
                TypedResults.Ok(TicketResponse.From(await Authorizer(grains, componentAppId, authorizerAppId).GetJsApiTicketAsync()))))
            .WithSummary("A jsapi_ticket for JS-SDK signatures, valid for at least 60 more seconds");
    }

    private static IAuthorizerGrain Authorizer(IGrainFactory grains, string componentAppId, string authorizerAppId) =>
        grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId));

    private static Task<IResult> RunAsync<T>(HttpContext http, ComponentDirectory components, string componentAppId, Func<Task<Ok<T>>> action) =>
        RunAsync(http, components, componentAppId, async () => (IResult)await action());

    private static async Task<IResult> RunAsync(HttpContext http, ComponentDirectory components, string componentAppId, Func<Task<IResult>> action)
    {
        if (!components.TryGet(componentAppId, out _))
        {
            return TokenProblems.UnknownComponent(componentAppId);
        }

        try
        {
            return await action();
        }
        catch (TokenUnavailableException ex)
        {
            return ex.ToProblem(http);
        }
    }
}
