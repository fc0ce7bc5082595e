using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.ReleaseTesting;

/// <summary><c>POST /sandbox/api/components/{appid}/release-test</c> runs the test; <c>GET</c> shows the last run.</summary>
internal static class ReleaseTestEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void MapReleaseTest(this IEndpointRouteBuilder routes)
    {
        var route = routes.MapGroup("/sandbox/api/components/{componentAppId}/release-test").ExcludeFromDescription();
        route.MapPost("", async (string componentAppId, HttpContext http, SandboxWorld world, ReleaseTestRunner runner) =>
        {
            if (world.Options.FindComponent(componentAppId) is not { } component)
            {
                return Results.NotFound();
            }

            var request = http.Request.HasJsonContentType()
                ? await http.Request.ReadFromJsonAsync<RunRequest>(Json, http.RequestAborted)
                : null;
            if (request?.Group is < 1 or > 5)
            {
                return Results.BadRequest("group is 1 to 5");
            }

            return Results.Json(await runner.RunAsync(component, request?.Group, http.RequestAborted), Json);
        });
        route.MapGet("", (string componentAppId, SandboxWorld world) =>
            world.ReleaseTests.Latest(componentAppId) is { } report ? Results.Json(report, Json) : Results.NotFound());
    }

    private sealed record RunRequest([property: JsonPropertyName("group")] int? Group);
}
