using Microsoft.Extensions.Options;
using WeChat.Options;

namespace Gateway.Operations;

internal static class OperationsEndpoints
{
    /// <summary>
    /// <c>/health/live</c> answers while the process runs and touches nothing else; <c>/health/ready</c> needs the
    /// Orleans cluster (and so its database, when configured) to answer.
    /// </summary>
    public static void MapOperations(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Text("live")).ExcludeFromDescription();
        routes.MapGet("/health/ready", async (IGrainFactory grains, CancellationToken ct) =>
        {
            try
            {
                await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), ct);
                return Results.Text("ready");
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return Results.Text("the Orleans cluster does not answer", statusCode: 503);
            }
        }).ExcludeFromDescription();

        // WeChat asks platforms to prove domain ownership with a file at the domain root (e.g. MP_verify_xxx.txt).
        routes.MapGet("/{name}", (string name, IOptions<WeChatOptions> options) =>
            options.Value.VerificationFiles.Find(f => f.Name == name) is { } file
                ? Results.Text(file.Content, "text/plain")
                : Results.NotFound()).ExcludeFromDescription();
    }
}
