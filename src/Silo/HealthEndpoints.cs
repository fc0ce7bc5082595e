namespace Silo;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c> answers while the process runs and touches nothing else (a liveness probe must not restart
    /// a silo because the database is slow); <c>/health/ready</c> asks the cluster, which needs the database.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Text("live"));
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
        });
    }
}
