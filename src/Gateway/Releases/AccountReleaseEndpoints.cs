using Gateway.Access;
using Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Releases;

/// <summary>One mini program's release state (scope <c>release</c>), as its release grain keeps it.</summary>
internal static class AccountReleaseEndpoints
{
    public static void MapAccountRelease(this RouteGroupBuilder api) =>
        api.MapGet("/authorizers/{authorizerAppId}/release", GetAsync)
            .WithTags("Mini-program releases")
            .RequireAuthorization(ApiScopes.Release)
            .WithSummary("The mini program's release state: stage, template, version, audit, the last errcode and reason, its campaign");

    private static async Task<Ok<AccountReleaseResponse>> GetAsync(string componentAppId, string authorizerAppId, IGrainFactory grains)
    {
        // The release grain of an account that never authorized would answer an empty state: the platform must know the account.
        if (await grains.GetGrain<IAuthorizerDirectoryGrain>(componentAppId).GetAsync(authorizerAppId) is null)
        {
            throw new PlatformException(PlatformProblem.UnknownAuthorizer, $"{authorizerAppId} has not authorized the platform {componentAppId}.");
        }

        var release = await grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(componentAppId, authorizerAppId)).GetAsync();
        return TypedResults.Ok(AccountReleaseResponse.From(release));
    }
}
