using Sandbox.Endpoints;

namespace Sandbox.CodeManagement;

/// <summary>
/// The sandbox's own routes for code management: a mini program's versions, deciding its pending review now, the
/// verdict of its future reviews, a platform's monthly audit quota and a DevTools upload into its draft box.
/// </summary>
internal static class CodeControlEndpoints
{
    public static void MapCodeControlApi(this IEndpointRouteBuilder routes)
    {
        var component = routes.MapGroup("/sandbox/api/components/{componentAppId}").ExcludeFromDescription();
        component.MapGet("/code", (string componentAppId, SandboxWorld world) =>
            world.Options.FindComponent(componentAppId) is null
                ? Results.NotFound()
                : TypedResults.Json(world.Versions.Select(CodeStateView.From).Where(v => world.Authorizations.Find(componentAppId, v.AppId) is { Active: true }), ControlJson.Options));
        component.MapPost("/audit-quota", async (string componentAppId, HttpContext http, SandboxWorld world) =>
        {
            var request = await ControlJson.ReadAsync<AuditQuotaRequest>(http);
            if (world.Options.FindComponent(componentAppId) is null)
            {
                return Results.NotFound();
            }

            if (request.Limit is < 0 || request.SpeedupLimit is < 0)
            {
                return TypedResults.Problem("limit and speedup_limit must not be negative", statusCode: StatusCodes.Status400BadRequest);
            }

            world.AuditQuotas.SetLimits(componentAppId, request.Limit, request.SpeedupLimit);
            var (rest, limit, speedupRest, speedupLimit) = world.AuditQuotas.Quota(componentAppId);
            return TypedResults.Json(new { Rest = rest, Limit = limit, SpeedupRest = speedupRest, SpeedupLimit = speedupLimit }, ControlJson.Options);
        });
        component.MapPost("/drafts", async (string componentAppId, HttpContext http, SandboxWorld world) =>
        {
            var request = await ControlJson.ReadAsync<DraftRequest>(http);
            if (world.Options.FindComponent(componentAppId) is null)
            {
                return Results.NotFound();
            }

            if (string.IsNullOrWhiteSpace(request.UserVersion) || request.Pages is not { Count: > 0 })
            {
                return TypedResults.Problem("user_version and at least one page are required", statusCode: StatusCodes.Status400BadRequest);
            }

            var draft = world.Templates.Upload(componentAppId, request.UserVersion, request.UserDesc ?? "", request.Pages);
            return TypedResults.Json(new { draft.DraftId }, ControlJson.Options);
        });

        var account = component.MapGroup("/authorizations/{authorizerAppId}");
        account.MapGet("/code", (string componentAppId, string authorizerAppId, SandboxWorld world) =>
            world.Authorizations.Find(componentAppId, authorizerAppId) is null
                ? Results.NotFound()
                : TypedResults.Json(world.Versions.Change(authorizerAppId, CodeStateView.From), ControlJson.Options));
        account.MapPost("/audit", async (string componentAppId, string authorizerAppId, HttpContext http, SandboxWorld world, AuditDesk desk) =>
        {
            var request = await ControlJson.ReadAsync<VerdictRequest>(http);
            if (world.Authorizations.Find(componentAppId, authorizerAppId) is null)
            {
                return Results.NotFound();
            }

            return desk.Decide(authorizerAppId, request.Verdict, request.Reason)
                ? TypedResults.Json(world.Versions.Change(authorizerAppId, CodeStateView.From), ControlJson.Options)
                : TypedResults.Problem("this mini program has no review in progress", statusCode: StatusCodes.Status409Conflict);
        });
        account.MapPost("/audit-verdict", async (string componentAppId, string authorizerAppId, HttpContext http, SandboxWorld world) =>
        {
            var request = await ControlJson.ReadAsync<DefaultVerdictRequest>(http);
            if (world.Authorizations.Find(componentAppId, authorizerAppId) is null)
            {
                return Results.NotFound();
            }

            world.Versions.Change(authorizerAppId, p => p.DefaultVerdict = request.Verdict is { } verdict ? (verdict, request.Reason) : null);
            return Results.NoContent();
        });
    }

    private sealed record VerdictRequest(AuditVerdict Verdict, string? Reason);

    /// <summary>A null verdict goes back to the options' default.</summary>
    private sealed record DefaultVerdictRequest(AuditVerdict? Verdict, string? Reason);

    private sealed record AuditQuotaRequest(int? Limit, int? SpeedupLimit);

    private sealed record DraftRequest(string UserVersion, string? UserDesc, List<string>? Pages);
}
