using Microsoft.AspNetCore.Authorization;

namespace Gateway.Access;

/// <summary>
/// Looks the client up by name on every request (rather than trusting claims), so removing a client from configuration
/// and restarting the gateways revokes it everywhere, status-page cookies included.
/// </summary>
public sealed class ScopeAuthorizationHandler(ClientRegistry clients) : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (clients.Find(context.User.Identity?.Name) is { } client && (requirement.Scope is null || client.Has(requirement.Scope)) && MayUseRoutePlatform(client, context.Resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static bool MayUseRoutePlatform(ApiClient client, object? resource) =>
        resource is not HttpContext http || http.GetRouteValue("componentAppId") is not string componentAppId || client.MayUse(componentAppId);
}
