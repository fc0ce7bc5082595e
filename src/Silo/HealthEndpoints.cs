using Orleans.Runtime;

namespace Silo;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c> answers while the process runs and touches nothing else (a liveness probe must not restart
    /// a silo because the database is slow); <c>/health/ready</c> answers once this silo is an active member of the
    /// cluster, as the membership table (in PostgreSQL) and its peers agree.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Text("live"));
        routes.MapGet("/health/ready", (IClusterMembershipService membership, ILocalSiloDetails silo) =>
            membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) == SiloStatus.Active
                ? Results.Text("ready")
                : Results.Text($"this silo is {membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress)}, not an active cluster member", statusCode: 503));
    }
}
